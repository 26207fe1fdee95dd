import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CaseNotFoundError,
  ValidationFailedError,
  idempotentCommandId,
  isUuid,
  type Actor,
  type Clock,
} from '../../../../libs/kernel/index.js';
import type { CaseLists, PersonalDataErasure, ReadModelProgress } from '../../../../libs/runtime/index.js';
import { InvalidCursorError } from '../../../../libs/projections/index.js';
import type { CaseView, CommandOutcome } from '../../../../libs/workflow-engine/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import {
  APP_CONFIG,
  CASE_LISTS,
  CLOCK,
  PERSONAL_DATA_ERASURE,
  READ_MODEL_PROGRESS,
} from '../engine/tokens.js';
import type { AppConfig } from '../../../../libs/config/index.js';
import { instantOf } from '../../../../libs/command-schema/index.js';
import { CaseListQuery, CaseViewQuery } from './case-list.query.js';
import { CaseReadsService } from './case-reads.service.js';
import { ExecuteCaseCommand } from './execute-case-command.js';
import { RESOURCE_CATALOG, ResourceCatalog, type ResourceBinding } from './resource-catalog.js';
import { correlationOf } from '../http/correlation-id.js';
import { answerEventPosition, awaitReadModels } from '../http/command-answer.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$/;

/**
 * The generic case routes for every workflow (complaints, goodwill applications, preferential and warranty
 * claims). The OpenAPI document lists them per resource and action (see openapi.ts).
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(CaseReadsService) private readonly reads: CaseReadsService,
    @Inject(RESOURCE_CATALOG) private readonly catalog: ResourceCatalog,
    @Inject(CASE_LISTS) private readonly caseLists: CaseLists,
    @Inject(PERSONAL_DATA_ERASURE) private readonly erasure: PersonalDataErasure,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(':resource')
  @HttpCode(201)
  async create(
    @Param('resource') resource: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const binding = this.binding(resource);
    // The engine validates the payload with the workflow's schema for this command.
    const outcome = await this.dispatch(
      binding,
      undefined,
      'create',
      body,
      actor,
      idempotencyKey,
      undefined,
      request,
    );
    reply.header('Location', `/api/v1/${binding.resource}/${outcome.caseId}`);
    return this.respond(binding, outcome, actor, reply);
  }

  @Post(':resource/:id/actions/:action')
  @HttpCode(200)
  async act(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const binding = this.binding(resource);
    this.checkId(binding, id);
    // Existence and scope first: a case outside the caller's scope is 404 whatever the action.
    await this.reads.checkVisible(binding.caseType, id, actor);
    const dto = binding.actionDtos[action];
    if (dto === undefined) {
      const known = Object.keys(binding.actionDtos);
      throw new ValidationFailedError(
        [{ field: 'action', reason: `unknown action '${action.slice(0, 64)}'; one of: ${known.join(', ')}` }],
        `No action '${action.slice(0, 64)}' on ${binding.resource}`,
      );
    }
    const expectedRevision = this.parseIfMatch(ifMatch);
    const outcome = await this.dispatch(
      binding,
      id,
      action,
      body,
      actor,
      idempotencyKey,
      expectedRevision,
      request,
    );
    return this.respond(binding, outcome, actor, reply);
  }

  @Get(':resource/:id')
  async get(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @Query() query: CaseViewQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseView> {
    const binding = this.binding(resource);
    this.checkId(binding, id);
    const view =
      query.asOf !== undefined
        ? await this.reads.viewAsOf(binding.caseType, id, new Date(instantOf('asOf', query.asOf)), actor)
        : await this.reads.view(binding.caseType, id, actor);
    reply.header('ETag', `"${view.revision}"`);
    return view;
  }

  @Get(':resource/:id/history')
  async history(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<{ events: unknown[]; personalDataErasure: unknown }> {
    const binding = this.binding(resource);
    this.checkId(binding, id);
    const events = await this.reads.history(binding.caseType, id, actor);
    // Recorded in a stream of its own (see PersonalDataEraser), shown beside the case's events.
    const personalDataErasure = (await this.erasure.recordOf(id)) ?? null;
    return { events, personalDataErasure };
  }

  @Get(':resource')
  async list(
    @Param('resource') resource: string,
    @Query() query: CaseListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const binding = this.binding(resource);
    try {
      const page = await this.caseLists.list(actor, {
        caseType: binding.caseType,
        ...(query.state !== undefined ? { state: query.state } : {}),
        ...(query.dealerId !== undefined ? { dealerId: query.dealerId } : {}),
        ...(query.regionId !== undefined ? { regionId: query.regionId } : {}),
        ...(query.assignedRole !== undefined ? { assignedRole: query.assignedRole } : {}),
        ...(query.category !== undefined ? { category: query.category } : {}),
        ...(query.severity !== undefined ? { severity: query.severity } : {}),
        ...this.facetFilters(binding, query),
        ...(query.createdFrom !== undefined
          ? { createdFrom: instantOf('createdFrom', query.createdFrom) }
          : {}),
        ...(query.createdTo !== undefined ? { createdTo: instantOf('createdTo', query.createdTo) } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        now: this.clock.now().toISOString(),
        limit: query.limit ?? 50,
      });
      return { items: await this.reads.listItems(page.rows, actor), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new ValidationFailedError([{ field: 'cursor', reason: error.message }]);
      }
      throw error;
    }
  }

  /**
   * `?kind=` and `?dueBefore=`, where the workflow lists a kind (its values) and a due time; anywhere else,
   * or with a value outside the kinds, 400 naming the field.
   */
  private facetFilters(
    binding: ResourceBinding,
    query: CaseListQuery,
  ): { kind?: string; dueBefore?: string } {
    const facets = binding.listFacets ?? {};
    const problems: { field: string; reason: string }[] = [];
    if (query.kind !== undefined && facets.kind === undefined)
      problems.push({ field: 'kind', reason: `${binding.resource} have no kind to filter by` });
    else if (query.kind !== undefined && facets.kinds !== undefined && !facets.kinds.includes(query.kind))
      problems.push({ field: 'kind', reason: `must be one of ${facets.kinds.join(', ')}` });
    if (query.dueBefore !== undefined && facets.dueAt === undefined)
      problems.push({ field: 'dueBefore', reason: `${binding.resource} have no due time to filter by` });
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return {
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.dueBefore !== undefined ? { dueBefore: instantOf('dueBefore', query.dueBefore) } : {}),
    };
  }

  private binding(resource: string): ResourceBinding {
    const binding = this.catalog.resource(resource);
    if (binding === undefined) throw new CaseNotFoundError('resource', resource.slice(0, 64));
    return binding;
  }

  private checkId(binding: ResourceBinding, id: string): void {
    if (!isUuid(id)) throw new CaseNotFoundError(binding.caseType, id.slice(0, 64));
  }

  private parseIfMatch(ifMatch: string | undefined): number | undefined {
    if (ifMatch === undefined) return undefined;
    const match = IF_MATCH.exec(ifMatch.trim());
    if (match === null) {
      throw new ValidationFailedError([
        { field: 'If-Match', reason: 'must be an ETag of this API, e.g. "3"' },
      ]);
    }
    return Number(match[1]);
  }

  private async dispatch(
    binding: ResourceBinding,
    caseId: string | undefined,
    action: string,
    body: unknown,
    actor: Actor,
    idempotencyKey: string | undefined,
    expectedRevision: number | undefined,
    request: FastifyRequest,
  ): Promise<CommandOutcome> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationFailedError([
        { field: 'Idempotency-Key', reason: 'must be 1 to 128 visible ASCII characters' },
      ]);
    }
    const correlationId = correlationOf(request);
    return this.commandBus.execute(
      new ExecuteCaseCommand({
        caseType: binding.caseType,
        ...(caseId !== undefined ? { caseId } : {}),
        action,
        // As received: the engine validates it with the workflow's schema before anything else.
        data: body as Record<string, unknown>,
        actor,
        // Keys are the caller's own: two users choosing the same key never collide.
        ...(idempotencyKey !== undefined ? { commandId: idempotentCommandId(actor.id, idempotencyKey) } : {}),
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
        correlationId,
        causationId: String(request.id),
      }),
    );
  }

  private async respond(
    binding: ResourceBinding,
    outcome: CommandOutcome,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<CaseView> {
    reply.header('ETag', `"${outcome.revision}"`);
    const decided = outcome.duplicate ? undefined : outcome.decided;
    // The case as the engine decided it, with its deadlines folded in memory: nothing to wait for. A
    // repeat (rebuilt as of its revision) or a case read back shows what the read models hold.
    if (decided !== undefined) {
      answerEventPosition(this.progress, outcome.position, reply);
      return this.reads.viewOf(decided, actor, outcome);
    }
    await awaitReadModels(this.progress, this.config.projectionWaitMs, outcome.position, reply);
    if (outcome.duplicate) {
      reply.header('Idempotent-Replayed', 'true');
      return this.reads.viewAtRevision(binding.caseType, outcome.caseId, outcome.revision, actor);
    }
    return this.reads.view(binding.caseType, outcome.caseId, actor);
  }
}
