import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import {
  ForbiddenError,
  canSee,
  hasRole,
  type Actor,
  type CaseOwner,
} from '../../../../libs/kernel/index.js';
import type { AuditEventRow, AuditFilter } from '../../../../libs/projections/index.js';
import type { AuditReads } from '../../../../libs/runtime/index.js';
import type { StreamOwner, VerificationReport } from '../../../../libs/workflow-engine/index.js';
import { csvExport, exportCoverage, type ExportSelection } from '../../../../libs/audit/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { RESOURCE_CATALOG, ResourceCatalog } from '../cases/resource-catalog.js';
import { AUDIT_READS } from '../engine/tokens.js';
import { instantOf } from '../../../../libs/command-schema/index.js';
import { AuditEventsQuery, AuditExportQuery, AuditFilterQuery } from './audit.query.js';

/** The auditor's reads: the audit index, streamed exports with the hash chain, and verification. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1')
export class AuditController {
  constructor(
    @Inject(AUDIT_READS) private readonly audit: AuditReads,
    @Inject(CaseReadsService) private readonly reads: CaseReadsService,
    @Inject(RESOURCE_CATALOG) private readonly catalog: ResourceCatalog,
  ) {}

  @Get('audit/events')
  @ApiOperation({ summary: 'Events by actor, role, case type, dealer, region and period (auditor)' })
  async events(
    @Query() query: AuditEventsQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: unknown[]; nextCursor: number | null }> {
    const page = await this.audit.page({
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
    // Read before the rows: the anchor then covers nothing the export lacks. Every export carries it in
    // the X-Audit-Anchor header; JSON Lines also as its first line, with the heads of a case's streams.
    const anchor = await this.audit.exportAnchor({
      ...(query.caseId !== undefined ? { caseId: query.caseId } : {}),
      coverage: query.format === 'csv' ? 'events' : exportCoverage(selectionOf(actor, query)),
      maySee: (owner) => canSee(actor, ownerOf(owner)),
    });
    const { heads: _heads, ...anchorHeader } = anchor ?? {};
    void reply.header('x-audit-anchor', anchor === null ? 'null' : JSON.stringify(anchorHeader));
    const rows = this.audit.rows(filter);
    if (query.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-events.csv"')
        .send(Readable.from(csvExport(rows, { byteOrderMark: true })));
      return;
    }
    const lines = this.audit.jsonLines(anchor, rows);
    void reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-export.jsonl"')
      .send(Readable.from(lines));
  }

  @Get('audit/verification')
  @ApiOperation({
    summary:
      'Verify the whole store (auditor; a regional auditor: their region only): one JSON line per case with problems, then a summary with the log checked against its latest audit anchor',
  })
  async verifyAll(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    this.requireAuditor(actor);
    // A regional auditor verifies, and hears about, the cases of their region only.
    const lines = this.audit.verifyStore(
      actor.regionId !== undefined ? (owner: StreamOwner) => canSee(actor, ownerOf(owner)) : undefined,
    );
    void reply.header('content-type', 'application/x-ndjson; charset=utf-8').send(Readable.from(lines));
  }

  @Get(':resource/:id/verification')
  @ApiOperation({
    summary:
      'Hash chain recomputed, every event re-decided by its machine version, and the stream checked against its anchored head',
  })
  async verifyOne(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<VerificationReport> {
    const binding = this.catalog.resource(resource);
    if (binding === undefined) throw new ForbiddenError('unknown resource');
    await this.reads.load(binding.caseType, id, actor);
    return this.audit.verifyCase(binding.caseType, id);
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
      ...(query.from !== undefined ? { from: instantOf('from', query.from) } : {}),
      ...(query.to !== undefined ? { to: instantOf('to', query.to) } : {}),
    };
  }
}

/** A case whose first event and anchor are both gone has no known owner: only national auditors see it. */
function ownerOf(owner: StreamOwner): CaseOwner {
  return { dealerId: owner.dealerId ?? '', ...(owner.regionId !== null ? { regionId: owner.regionId } : {}) };
}

/** What the export selects: a case, events by other filters, or streams left out by type or region. */
function selectionOf(actor: Actor, query: AuditExportQuery): ExportSelection {
  const { format: _format, caseId, caseType, ...others } = query;
  return {
    ...(caseId !== undefined ? { caseId } : {}),
    picksEvents: Object.values(others).some((value) => value !== undefined),
    leavesOutStreams: actor.regionId !== undefined || caseType !== undefined,
  };
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
    ...(row.on_behalf_of != null ? { onBehalfOf: JSON.parse(row.on_behalf_of) as unknown } : {}),
    dealerId: row.dealer_id,
    regionId: row.region_id,
    occurredAt: row.occurred_at,
    fromState: row.from_state,
    toState: row.to_state,
    machineVersion: row.machine_version,
    hash: row.hash,
  };
}
