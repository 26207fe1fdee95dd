import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { ForbiddenError, hasRole, type Actor, type RecordedEvent } from '../../../../libs/kernel/index.js';
import {
  AuditQueries,
  type AuditEventRow,
  type AuditFilter,
} from '../../../../libs/projections/audit-index.projection.js';
import type { EngineRuntime } from '../../../../libs/runtime/engine-runtime.js';
import { verifyCase, verifyStore, type VerificationReport } from '../../../../libs/workflow-engine/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { RESOURCE_CATALOG, ResourceCatalog } from '../cases/resource-catalog.js';
import { ENGINE_RUNTIME } from '../engine/tokens.js';
import { AuditEventsQuery, AuditExportQuery, AuditFilterQuery } from './audit.query.js';
import { auditCsvHeader, auditCsvLine, exportLine } from './audit-export.format.js';

/** The auditor's reads: the audit index, streamed exports with the hash chain, and verification. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1')
export class AuditController {
  private readonly audit: AuditQueries;

  constructor(
    @Inject(ENGINE_RUNTIME) private readonly runtime: EngineRuntime,
    @Inject(CaseReadsService) private readonly reads: CaseReadsService,
    @Inject(RESOURCE_CATALOG) private readonly catalog: ResourceCatalog,
  ) {
    this.audit = new AuditQueries(runtime.readModels);
  }

  @Get('audit/events')
  @ApiOperation({ summary: 'Events by actor, role, case type, dealer, region and period (auditor)' })
  events(
    @Query() query: AuditEventsQuery,
    @CurrentActor() actor: Actor,
  ): { items: unknown[]; nextCursor: number | null } {
    const page = this.audit.page({
      ...this.filter(actor, query),
      limit: query.limit ?? 100,
      after: query.cursor ?? 0,
    });
    return { items: page.rows.map(auditItem), nextCursor: page.next };
  }

  @Get('audit/export')
  @ApiOperation({
    summary:
      'Export one case or a period as JSON Lines with the hash chain (or CSV of the audit index); streamed',
  })
  async export(
    @Query() query: AuditExportQuery,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filter = this.filter(actor, query);
    const rows = this.audit.iterate(filter);
    if (query.format === 'csv') {
      const lines = (function* () {
        // A UTF-8 byte order mark first: spreadsheet programs (Excel on Chinese Windows above all) read
        // the file as UTF-8 only with it, and show names and reasons in Chinese instead of mojibake.
        yield `\uFEFF${auditCsvHeader()}`;
        for (const row of rows) yield auditCsvLine(row);
      })();
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.csv"')
        .send(Readable.from(lines));
      return;
    }
    const store = this.runtime.store;
    const lines = (async function* () {
      for (const row of rows) {
        const [event] = await store.readStream(`${row.case_type}-${row.case_id}`, {
          fromRevision: row.revision,
          toRevision: row.revision,
        });
        if (event !== undefined) yield exportLine(event);
      }
    })();
    void reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-export.jsonl"')
      .send(Readable.from(lines));
  }

  @Get('audit/verification')
  @ApiOperation({
    summary: 'Verify the whole store (auditor): one JSON line per case with problems, then a summary',
  })
  async verifyAll(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    this.requireAuditor(actor);
    const runtime = this.runtime;
    const lines = (async function* () {
      const walk = verifyStore(runtime.store, runtime.registry);
      for (;;) {
        const next = await walk.next();
        if (next.done) {
          yield `${JSON.stringify({ summary: next.value })}\n`;
          return;
        }
        if (!next.value.ok) yield `${JSON.stringify(next.value)}\n`;
      }
    })();
    void reply.header('content-type', 'application/x-ndjson; charset=utf-8').send(Readable.from(lines));
  }

  @Get(':resource/:id/verification')
  @ApiOperation({ summary: 'Hash chain recomputed and every event re-decided by its machine version' })
  async verifyOne(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<VerificationReport> {
    const binding = this.catalog.resource(resource);
    if (binding === undefined) throw new ForbiddenError('unknown resource');
    await this.reads.load(binding.caseType, id, actor);
    const events: RecordedEvent[] = await this.runtime.repository.history(binding.caseType, id);
    return verifyCase(this.runtime.registry, events);
  }

  private requireAuditor(actor: Actor): void {
    if (!hasRole(actor, 'auditor'))
      throw new ForbiddenError('Only auditors read the audit index and exports');
  }

  /** Auditors see everything, or their region when the token names one. */
  private filter(actor: Actor, query: AuditFilterQuery): Omit<AuditFilter, 'limit'> {
    this.requireAuditor(actor);
    return {
      ...(query.actor !== undefined ? { actor: query.actor } : {}),
      ...(query.role !== undefined ? { role: query.role } : {}),
      ...(query.caseType !== undefined ? { caseType: query.caseType } : {}),
      ...(query.caseId !== undefined ? { caseId: query.caseId } : {}),
      ...(query.dealerId !== undefined ? { dealerId: query.dealerId } : {}),
      ...(actor.regionId !== undefined
        ? { regionId: actor.regionId }
        : query.regionId !== undefined
          ? { regionId: query.regionId }
          : {}),
      ...(query.from !== undefined ? { from: new Date(query.from).toISOString() } : {}),
      ...(query.to !== undefined ? { to: new Date(query.to).toISOString() } : {}),
    };
  }
}

function auditItem(row: AuditEventRow): Record<string, unknown> {
  return {
    position: row.position,
    caseType: row.case_type,
    caseId: row.case_id,
    revision: row.revision,
    type: row.type,
    action: row.action,
    actor: { id: row.actor_id, name: row.actor_name, roles: JSON.parse(row.actor_roles) as string[] },
    dealerId: row.dealer_id,
    regionId: row.region_id,
    occurredAt: row.occurred_at,
    fromState: row.from_state,
    toState: row.to_state,
    machineVersion: row.machine_version,
    hash: row.hash,
  };
}
