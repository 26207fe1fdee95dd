import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { WorkflowModule } from '../../libs/kernel/index.js';
import { shippedPolicies } from '../../workflows/warranty-claim/shipped-policies.tool.js';
import { registeredWorkflows } from '../../workflows/registered-workflows.js';
import { inspectionModule } from '../fixtures/workflows/vehicle-inspection/index.js';
import {
  auditorNational,
  complaintIntake,
  customerService,
  foreignCustomerService,
  serviceAdvisor,
  technicalDirector,
} from './complaint-fixtures.js';
import { EngineUnderTest, type Caller, type HttpResult } from './engine-under-test.js';

interface Attachment {
  digest: string;
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
  addedBy: { id: string };
  position: number;
  hash: string;
}
interface Problem {
  type: string;
  status: number;
  errors?: { field: string; code?: string }[];
  missingDocuments?: string[];
}
interface Verification {
  ok: boolean;
  attachments?: number;
  problems: { kind: string; streamId?: string; revision: number }[];
}

const privacyOfficer: Caller = { sub: 'privacy.li', name: 'Li', roles: ['privacy_officer'] };
const scan = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from('免责协议 王建国 13800138000\n'),
  Buffer.alloc(2048, 7),
]);

/**
 * The vehicle inspection (a fixture workflow) declaring, as data on its module, that findings are
 * recorded only with an old-part photo on the case: the engine enforces it with no change to libs/.
 */
const inspectionNeedingPhoto: WorkflowModule = {
  ...(inspectionModule as unknown as WorkflowModule),
  requiredDocuments: { fromVersion: 1, actions: { 'record-findings': ['old-part-photo'] } },
};

describe('attachments: upload, list, download, limits, scope, erasure, verification, required documents', () => {
  let engine: EngineUnderTest;
  let complaintId: string;

  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: { ATTACHMENT_MAX_BYTES: '8192', ATTACHMENT_MEDIA_TYPES: 'application/pdf,image/jpeg' },
      workflows: [...registeredWorkflows({ warrantyPolicies: shippedPolicies() }), inspectionNeedingPhoto],
    });
    complaintId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
  });
  afterAll(async () => {
    await engine.stop();
  });

  /** Sends raw bytes, as the console's upload does. */
  async function upload<T = Attachment>(
    caller: Caller,
    options: {
      caseId?: string;
      resource?: string;
      kind?: string;
      fileName?: string;
      type?: string;
      bytes?: Buffer;
    } = {},
  ): Promise<HttpResult<T>> {
    const query = new URLSearchParams({
      kind: options.kind ?? 'waiver-scan',
      fileName: options.fileName ?? '免责协议-王建国.pdf',
    });
    const response = await fetch(
      `${engine.baseUrl}/api/v1/${options.resource ?? 'complaints'}/${options.caseId ?? complaintId}/attachments?${query}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await engine.token(caller)}`,
          'content-type': options.type ?? 'application/pdf',
        },
        body: options.bytes ?? scan,
      },
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
  }
  async function download(caller: Caller, digest: string, caseId = complaintId) {
    const response = await fetch(`${engine.baseUrl}/api/v1/complaints/${caseId}/attachments/${digest}`, {
      headers: { authorization: `Bearer ${await engine.token(caller)}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }
  const list = (caller: Caller, caseId = complaintId) =>
    engine.request<{ items: Attachment[]; erased: boolean; limits: { maxBytes: number } }>(
      'GET',
      `/api/v1/complaints/${caseId}/attachments`,
      { caller },
    );
  const verification = (caseId = complaintId) =>
    engine.request<Verification>('GET', `/api/v1/complaints/${caseId}/verification`, {
      caller: auditorNational,
    });

  /** Changes one byte of a stored blob, wherever this store keeps them. */
  async function tamper(digest: string): Promise<void> {
    if (engine.config.eventStore === 'postgres') {
      const client = new pg.Client({ connectionString: engine.config.databaseUrl! });
      await client.connect();
      await client.query(
        "UPDATE attachment_blobs SET content = overlay(content placing '\\x00'::bytea from 40) WHERE digest = $1",
        [digest],
      );
      await client.end();
      return;
    }
    const path = join(engine.directory, 'attachments', digest.slice('sha256:'.length));
    const bytes = readFileSync(path);
    bytes[39] = bytes[39]! ^ 0xff;
    writeFileSync(path, bytes);
  }

  it('uploads a document, lists it with the event that recorded it, and downloads exactly the bytes sent', async () => {
    const added = await upload(customerService);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      kind: 'waiver-scan',
      fileName: '免责协议-王建国.pdf',
      contentType: 'application/pdf',
      size: scan.length,
      addedBy: { id: customerService.sub },
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(added.headers.get('location')).toBe(
      `/api/v1/complaints/${complaintId}/attachments/${added.body.digest}`,
    );
    const listed = await list(customerService);
    expect(listed.body.items).toEqual([added.body]);
    const fetched = await download(customerService, added.body.digest);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(fetched.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('免责协议-王建国.pdf')}`,
    );
    expect(fetched.bytes.equals(scan)).toBe(true);
    // The audit index shows the record under the case's id.
    const audit = await engine.request<{ items: { type: string; caseId: string }[] }>(
      'GET',
      `/api/v1/audit/events?caseId=${complaintId}`,
      { caller: auditorNational },
    );
    expect(audit.body.items.map((item) => item.type)).toContain('AttachmentAdded');
    if (engine.config.eventStore !== 'postgres') {
      const folder = join(engine.directory, 'attachments');
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder, added.body.digest.slice('sha256:'.length))).mode & 0o777).toBe(0o600);
    }
    expect((await verification()).body).toMatchObject({ ok: true, attachments: 1 });
  });

  it('refuses a file over ATTACHMENT_MAX_BYTES with 413 and a media type not listed with 415, as problem+json, recording nothing', async () => {
    const before = (await list(customerService)).body.items.length;
    const tooLarge = await upload<Problem>(customerService, { bytes: Buffer.alloc(8193, 1) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toContain('application/problem+json');
    expect(tooLarge.body).toMatchObject({ type: expect.stringContaining('payload-too-large'), status: 413 });
    for (const type of ['image/png', 'text/html', 'application/json']) {
      const refused = await upload<Problem>(customerService, { type, bytes: Buffer.from('{"a":1}') });
      expect([type, refused.status]).toEqual([type, 415]);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    const badKind = await upload<Problem>(customerService, { kind: 'selfie' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors).toEqual([expect.objectContaining({ field: 'kind', code: 'one_of' })]);
    expect((await list(customerService)).body.items).toHaveLength(before);
  });

  it('is scoped like the case: another dealer gets 404, a reader who works no such case may read but not add (403)', async () => {
    const [first] = (await list(customerService)).body.items;
    expect((await list(foreignCustomerService)).status).toBe(404);
    expect((await download(foreignCustomerService, first!.digest)).status).toBe(404);
    expect((await upload<Problem>(foreignCustomerService)).status).toBe(404);
    const byAuditor = await upload<Problem>(auditorNational);
    expect(byAuditor.status).toBe(403);
    // The auditor reads the documents; the customer's name in a file name is masked for a non-dealer role.
    const audited = await list(auditorNational);
    expect(audited.status).toBe(200);
    expect(audited.body.items[0]!.fileName).not.toContain('王建国');
    expect((await download(auditorNational, first!.digest)).status).toBe(200);
    expect((await download(customerService, `sha256:${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('verification reports a blob altered behind the engine’s back', async () => {
    const caseId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
    const added = await upload(customerService, { caseId, kind: 'invoice', fileName: 'invoice.pdf' });
    expect((await verification(caseId)).body.ok).toBe(true);
    await tamper(added.body.digest);
    const report = (await verification(caseId)).body;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'attachment-altered', streamId: `attachments-${caseId}`, revision: 0 }),
    ]);
    const refused = await download(customerService, added.body.digest, caseId);
    expect(refused.status).toBe(409);
    // The store-wide walk names it too.
    const store = await fetch(`${engine.baseUrl}/api/v1/audit/verification`, {
      headers: { authorization: `Bearer ${await engine.token(auditorNational)}` },
    });
    expect(await store.text()).toContain('attachment-altered');
  });

  it('after the case’s personal data is erased, its documents no longer open (410) and their names read [erased]; verification still passes', async () => {
    const caseId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
    const added = await upload(customerService, { caseId });
    const erased = await engine.request('POST', `/api/v1/complaints/${caseId}/personal-data/erasure`, {
      caller: privacyOfficer,
      body: { reason: 'customer request' },
    });
    expect(erased.status).toBe(200);
    const gone = await download(customerService, added.body.digest, caseId);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.bytes.toString())).toMatchObject({
      type: expect.stringContaining('attachment-erased'),
    });
    const listed = await list(customerService, caseId);
    expect(listed.body).toMatchObject({
      erased: true,
      items: [{ fileName: '[erased]', digest: added.body.digest }],
    });
    expect((await upload<Problem>(customerService, { caseId })).status).toBe(409);
    expect((await verification(caseId)).body).toMatchObject({ ok: true, attachments: 1 });
  });

  it('a step that requires a document is refused with 422 naming the kind, then accepted once it is attached', async () => {
    const created = await engine.request<{ id: string }>('POST', '/api/v1/vehicle-inspections', {
      caller: serviceAdvisor,
      body: { vin: 'LSVAU2180N2183294', concern: 'Rattle from the rear axle' },
    });
    const id = created.body.id;
    const act = (action: string, body: unknown = {}) =>
      engine.request<Problem & { state: string }>(
        'POST',
        `/api/v1/vehicle-inspections/${id}/actions/${action}`,
        {
          caller: technicalDirector,
          body,
        },
      );
    expect((await act('start')).status).toBe(200);
    const refused = await act('record-findings', { findings: 'Loose heat shield' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: expect.stringContaining('document-required'),
      missingDocuments: ['old-part-photo'],
      errors: [{ field: 'attachments', code: 'document_required' }],
    });
    const history = await engine.request<{ events: unknown[] }>(
      'GET',
      `/api/v1/vehicle-inspections/${id}/history`,
      {
        caller: technicalDirector,
      },
    );
    expect(history.body.events).toHaveLength(2);
    const photo = await upload(technicalDirector, {
      resource: 'vehicle-inspections',
      caseId: id,
      kind: 'old-part-photo',
      fileName: 'heat-shield.jpg',
      type: 'image/jpeg',
      bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]),
    });
    expect(photo.status).toBe(201);
    const accepted = await act('record-findings', { findings: 'Loose heat shield' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('done');
  });
});
