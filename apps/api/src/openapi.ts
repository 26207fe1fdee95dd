import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { WorkflowRegistry } from '../../../libs/workflow-engine/index.js';
import { ATTACHMENT_KINDS } from '../../../libs/kernel/index.js';
import type { ResourceCatalog } from './cases/resource-catalog.js';

type Operation = Record<string, unknown>;

const problemResponse = (description: string): Operation => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The generic case routes are one controller for every workflow; the document lists them per resource and
 * action with each action's own body schema and the roles the machine lets act, so clients see the real
 * contract.
 */
export function installOpenApi(
  app: NestFastifyApplication,
  catalog: ResourceCatalog,
  registry: WorkflowRegistry,
): void {
  const config = new DocumentBuilder()
    .setTitle('After-sales workflow engine')
    .setDescription(
      'Event-sourced complaints, goodwill payments, preferential and warranty claims. Errors are RFC 9457 problem+json.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const dtos = catalog.all().flatMap((binding) => [binding.createDto, ...Object.values(binding.actionDtos)]);
  const document = SwaggerModule.createDocument(app, config, { extraModels: [...new Set(dtos)] });
  addCaseRoutes(document, catalog, registry);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', useGlobalPrefix: false });
}

function addCaseRoutes(document: OpenAPIObject, catalog: ResourceCatalog, registry: WorkflowRegistry): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = {
    type: 'object',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            field: { type: 'string' },
            reason: { type: 'string', description: 'In English' },
            code: {
              type: 'string',
              description:
                'Stable id of the rule broken: required, too_long, too_short, too_many, too_few, one_of, not_a_date, out_of_range, not_an_integer, not_a_number, not_a_string, not_a_boolean, not_a_list, not_an_object, bad_format, unknown_field, invalid',
            },
            min: { type: 'number' },
            max: { type: 'number' },
            allowed: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      allowedActions: { type: 'array', items: { type: 'string' } },
    },
  };
  document.components.schemas.CaseView = {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      type: { type: 'string' },
      machineVersion: { type: 'integer' },
      state: { type: 'string' },
      revision: { type: 'integer' },
      dealerId: { type: 'string' },
      regionId: { type: 'string', nullable: true },
      data: { type: 'object' },
      assignedRole: { type: 'string', nullable: true },
      deadlines: {
        type: 'array',
        items: {
          type: 'object',
          properties: { kind: { type: 'string' }, dueAt: { type: 'string' }, status: { type: 'string' } },
        },
      },
      allowedActions: { type: 'array', items: { type: 'string' } },
      createdAt: { type: 'string' },
      updatedAt: { type: 'string' },
    },
  };
  const errors = {
    '400': problemResponse('Invalid input: each problem names the field'),
    '401': problemResponse('Missing or invalid bearer token'),
    '403': problemResponse('Your roles may not do this'),
    '404': problemResponse('No such case in your scope'),
  };
  const view = { content: { 'application/json': { schema: { $ref: '#/components/schemas/CaseView' } } } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const idempotency = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    schema: { type: 'string', maxLength: 128 },
  };
  const ifMatch = {
    name: 'If-Match',
    in: 'header',
    required: false,
    schema: { type: 'string', example: '"3"' },
  };

  for (const binding of catalog.all()) {
    const definition = registry.latest(binding.caseType);
    const tag = binding.resource;
    const base = `/api/v1/${binding.resource}`;
    document.paths[base] = {
      post: {
        tags: [tag],
        summary: `Open a ${binding.caseType} (${definition.create.roles.join(', ')})`,
        description: binding.summary,
        security: [{ bearer: [] }],
        parameters: [idempotency],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: getSchemaPath(binding.createDto) } } },
        },
        responses: { '201': { description: 'Created: the case view', ...view }, ...errors },
      },
      get: {
        tags: [tag],
        summary: `List ${binding.resource} in your scope`,
        security: [{ bearer: [] }],
        parameters: [
          'state',
          'dealerId',
          'regionId',
          'assignedRole',
          'category',
          'severity',
          'kind',
          'dueBefore',
          'overdue',
          'createdFrom',
          'createdTo',
          'limit',
          'cursor',
        ].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: '{ items, nextCursor }' }, ...errors },
      },
    } as never;
    document.paths[`${base}/{id}`] = {
      get: {
        tags: [tag],
        summary: `One ${binding.caseType}, with the actions you may take now`,
        security: [{ bearer: [] }],
        parameters: [
          idParam,
          { name: 'asOf', in: 'query', required: false, schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': { description: 'The case view; ETag is the revision', ...view }, ...errors },
      },
    } as never;
    document.paths[`${base}/{id}/history`] = {
      get: {
        tags: [tag],
        summary: 'Every event with actor, time, from/to state and hash chain',
        security: [{ bearer: [] }],
        parameters: [idParam],
        responses: { '200': { description: '{ events: [...] }' }, ...errors },
      },
    } as never;
    document.paths[`${base}/{id}/personal-data/erasure`] = {
      post: {
        tags: [tag],
        summary: "Erase the case's personal data (privacy_officer)",
        description:
          'Recorded as a PersonalDataErased event with who and why, then the case key is destroyed: every ' +
          'read path shows [erased] from the response on. 403 for other roles; 409 once erased.',
        security: [{ bearer: [] }],
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['reason'],
                additionalProperties: false,
                properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
              },
            },
          },
        },
        responses: {
          '200': { description: '{ caseType, caseId, erasedAt, erasedBy, reason, position, hash }' },
          ...errors,
          '409': problemResponse('Already erased (the first erasure is in the problem body)'),
        },
      },
    } as never;
    addAttachmentRoutes(document, base, tag, idParam, errors);
    for (const [action, dto] of Object.entries(binding.actionDtos)) {
      const spec = definition.actions[action];
      // An action a controller of its own serves (a follow-up's open-complaint, a warranty claim's
      // open-preferential-claim) keeps the body that controller takes: the console's form is built from it.
      if (document.paths[`${base}/{id}/actions/${action}`] !== undefined) continue;
      document.paths[`${base}/{id}/actions/${action}`] = {
        post: {
          tags: [tag],
          summary: `${action} (${spec?.roles.join(', ') ?? ''})`,
          description: `${spec?.description ?? ''} Records ${spec?.eventType ?? ''}.`,
          security: [{ bearer: [] }],
          parameters: [idParam, idempotency, ifMatch],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: { $ref: getSchemaPath(dto) } } },
          },
          responses: {
            '200': { description: 'The case view after the action', ...view },
            ...errors,
            '409': problemResponse('Not allowed in this state for you: allowedActions lists what is'),
            '412': problemResponse('If-Match is stale'),
          },
        },
      } as never;
    }
  }
}

/** A case's attachments (apps/api/src/attachments): upload the raw file, list, download. */
function addAttachmentRoutes(
  document: OpenAPIObject,
  base: string,
  tag: string,
  idParam: object,
  errors: Record<string, object>,
): void {
  document.paths[`${base}/{id}/attachments`] = {
    post: {
      tags: [tag],
      summary: 'Attach a document (invoice, settlement sheet, court judgment, waiver scan, old-part photo)',
      description:
        'The raw file is the body, with its Content-Type (ATTACHMENT_MEDIA_TYPES; others 415) and at most ' +
        'ATTACHMENT_MAX_BYTES (413). Sealed under the case key, stored by the SHA-256 of the sealed bytes and ' +
        'recorded as AttachmentAdded. 403 for a role that does not work this case type.',
      security: [{ bearer: [] }],
      parameters: [
        idParam,
        {
          name: 'kind',
          in: 'query',
          required: true,
          schema: { type: 'string', enum: [...ATTACHMENT_KINDS] },
        },
        { name: 'fileName', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } },
      ],
      requestBody: {
        required: true,
        content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        '201': {
          description: '{ digest, kind, fileName, contentType, size, addedAt, addedBy, position, hash }',
        },
        ...errors,
        '409': problemResponse('The case’s personal data was erased: nothing more is sealed for it'),
        '413': problemResponse('Larger than ATTACHMENT_MAX_BYTES'),
        '415': problemResponse('A media type ATTACHMENT_MEDIA_TYPES does not list'),
      },
    },
    get: {
      tags: [tag],
      summary: 'The case’s attachments, oldest first (file names [erased] after an erasure)',
      security: [{ bearer: [] }],
      parameters: [idParam],
      responses: { '200': { description: '{ items: [...], erased, limits, kinds }' }, ...errors },
    },
  } as never;
  document.paths[`${base}/{id}/attachments/{digest}`] = {
    get: {
      tags: [tag],
      summary: 'Download one attachment (the document as uploaded)',
      security: [{ bearer: [] }],
      parameters: [
        idParam,
        {
          name: 'digest',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
        },
      ],
      responses: {
        '200': { description: 'The document, with its Content-Type' },
        ...errors,
        '409': problemResponse('The stored blob is missing or altered (see the case’s verification)'),
        '410': problemResponse('The case’s personal data was erased: the document no longer opens'),
      },
    },
  } as never;
}
