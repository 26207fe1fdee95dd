import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ATTACHMENT_KINDS,
  CaseNotFoundError,
  ForbiddenError,
  isUuid,
  type Actor,
  type CaseOwner,
} from '../../../../libs/kernel/index.js';
import { maskName, seesPersonalData } from '../../../../libs/auth/index.js';
import { UnsupportedAttachmentTypeError, type AttachmentView } from '../../../../libs/attachments/index.js';
import type { CaseAttachmentsPort, ReadModelProgress } from '../../../../libs/runtime/index.js';
import { contextOf, type CaseState } from '../../../../libs/workflow-engine/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CaseReadsService } from '../cases/case-reads.service.js';
import { RESOURCE_CATALOG, ResourceCatalog, type ResourceBinding } from '../cases/resource-catalog.js';
import { CASE_ATTACHMENTS, READ_MODEL_PROGRESS } from '../engine/tokens.js';
import type { RouteKey } from '../http/request-gate.js';
import { correlationOf } from '../http/correlation-id.js';
import { answerEventPosition } from '../http/command-answer.js';

/** The upload route, as the request gate names it (its media types and body limit come from config). */
export const ATTACHMENT_UPLOAD_ROUTE: RouteKey = 'POST /api/v1/:resource/:id/attachments';

/**
 * A case's documents (invoices, settlement sheets, court judgments, waiver scans, old-part photos): the
 * raw file as the body with its Content-Type, `?kind=…&fileName=…`. Scoped like the case: outside the
 * caller's scope, 404. Whoever may read the case lists and downloads them (the approvers sign on them);
 * only a role that works this case type adds one (403 otherwise). File names are personal data: sealed,
 * masked for readers who do not deal with the customer, `[erased]` after an erasure, when the documents
 * themselves no longer open (410).
 */
// Listed per resource in the OpenAPI document (openapi.ts), as the generic case routes are.
@ApiExcludeController()
@Controller('api/v1')
export class AttachmentsController {
  constructor(
    @Inject(CASE_ATTACHMENTS) private readonly attachments: CaseAttachmentsPort,
    @Inject(READ_MODEL_PROGRESS) private readonly progress: ReadModelProgress,
    @Inject(CaseReadsService) private readonly reads: CaseReadsService,
    @Inject(RESOURCE_CATALOG) private readonly catalog: ResourceCatalog,
  ) {}

  @Post(':resource/:id/attachments')
  @HttpCode(201)
  async add(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @Query('kind') kind: unknown,
    @Query('fileName') fileName: unknown,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentView> {
    const { binding, state } = await this.caseOf(resource, id, actor);
    if (!worksOn(state, actor))
      throw new ForbiddenError(`Only a role that works ${binding.resource} adds attachments to them`);
    const contentType = String(request.headers['content-type'] ?? '');
    // A JSON body passes the request gate (every route takes JSON) but is never a document.
    if (!Buffer.isBuffer(body))
      throw new UnsupportedAttachmentTypeError(contentType, this.attachments.rules.mediaTypes);
    const added = await this.attachments.add({
      caseType: binding.caseType,
      caseId: id,
      owner: ownerOf(state),
      actor,
      kind,
      fileName,
      contentType,
      bytes: body,
      correlationId: correlationOf(request),
    });
    answerEventPosition(this.progress, added.position, reply);
    reply.header('Location', `/api/v1/${binding.resource}/${id}/attachments/${added.digest}`);
    return added;
  }

  @Get(':resource/:id/attachments')
  async list(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @CurrentActor() actor: Actor,
  ): Promise<{
    items: AttachmentView[];
    erased: boolean;
    limits: { maxBytes: number; mediaTypes: readonly string[] };
    kinds: readonly string[];
  }> {
    const { state } = await this.caseOf(resource, id, actor);
    const { items, erased } = await this.attachments.list(id);
    const owner = ownerOf(state);
    return {
      items: items.map((item) => disclosed(item, owner, actor)),
      erased,
      limits: this.attachments.rules,
      kinds: ATTACHMENT_KINDS,
    };
  }

  @Get(':resource/:id/attachments/:digest')
  async download(
    @Param('resource') resource: string,
    @Param('id') id: string,
    @Param('digest') digest: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { state } = await this.caseOf(resource, id, actor);
    const { view, content } = await this.attachments.open(id, digest);
    const { fileName } = disclosed(view, ownerOf(state), actor);
    reply.header('Content-Type', view.contentType);
    reply.header('Content-Length', String(content.length));
    reply.header('Content-Disposition', contentDisposition(fileName));
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
    reply.header('ETag', `"${view.digest}"`);
    reply.header('Cache-Control', 'private, no-store');
    return content;
  }

  private async caseOf(
    resource: string,
    id: string,
    actor: Actor,
  ): Promise<{ binding: ResourceBinding; state: CaseState }> {
    const binding = this.catalog.resource(resource);
    if (binding === undefined) throw new CaseNotFoundError('resource', resource.slice(0, 64));
    if (!isUuid(id)) throw new CaseNotFoundError(binding.caseType, id.slice(0, 64));
    // Existence and scope first: a case outside the caller's scope is 404 whatever is asked of it.
    return { binding, state: await this.reads.load(binding.caseType, id, actor) };
  }
}

function ownerOf(state: CaseState): CaseOwner {
  const { dealerId, regionId } = contextOf(state);
  return { dealerId, ...(regionId !== undefined ? { regionId } : {}) };
}

/** Whether the actor holds a role some command of the case's machine version names (not `system`). */
function worksOn(state: CaseState, actor: Actor): boolean {
  const { definition } = state;
  const roles = new Set(
    [definition.create, ...Object.values(definition.actions)].flatMap((action) => action.roles),
  );
  roles.delete('system');
  return actor.roles.some((role) => roles.has(role));
}

/** The file name is personal data: masked for a reader who does not deal with the customer. */
function disclosed(view: AttachmentView, owner: CaseOwner, viewer: Actor): AttachmentView {
  return seesPersonalData(viewer, owner) || view.fileName === '[erased]'
    ? view
    : { ...view, fileName: maskName(view.fileName) };
}

/** RFC 6266: an ASCII fallback and the UTF-8 name (Chinese file names keep their characters). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
