import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '../event-store/index.js';
import {
  FixedClock,
  MissingDocumentsError,
  ValidationFailedError,
  type RequiredDocuments,
} from '../kernel/index.js';
import { ERASED, PersonalDataVault } from '../personal-data/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import {
  ATTACHMENT_ADDED,
  attachmentStreamOf,
  requireDocuments,
  verifyStore,
  WorkflowRegistry,
} from '../workflow-engine/index.js';
import {
  AttachmentErasedError,
  AttachmentTooLargeError,
  CaseAttachments,
  FileBlobStore,
  UnsupportedAttachmentTypeError,
} from './index.js';

const cs = actorAs('customer_service');
const caseId = '0190f3a4-7b2c-7def-8a12-3456789abcde';
const owner = { dealerId: 'D001', regionId: 'R01' };
const pdf = Buffer.from('%PDF-1.7 免责协议 signed by 王建国, phone 13800138000\n%%EOF');

describe('case attachments: sealed, content-addressed, recorded, verified, erasable', () => {
  let dir: string;
  let store: MemoryEventStore;
  let vault: PersonalDataVault;
  let blobs: FileBlobStore;
  let attachments: CaseAttachments;
  const registry = new WorkflowRegistry([ticketWorkflow]);
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'attachments-spec-'));
    store = new MemoryEventStore();
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    blobs = new FileBlobStore(join(dir, 'attachments'));
    attachments = new CaseAttachments(store, vault, blobs, clock, {
      maxBytes: 1024,
      mediaTypes: ['application/pdf', 'image/jpeg'],
    });
  });
  afterEach(async () => {
    await store.close();
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const add = (overrides: Partial<Parameters<CaseAttachments['add']>[0]> = {}) =>
    attachments.add({
      caseType: 'ticket',
      caseId,
      owner,
      actor: cs,
      kind: 'waiver-scan',
      fileName: '免责协议-王建国.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
      ...overrides,
    });
  const blobFiles = () => (existsSync(join(dir, 'attachments')) ? readdirSync(join(dir, 'attachments')) : []);

  it('stores the sealed bytes under the SHA-256 of what is stored, private to the owner, and records the digest', async () => {
    const added = await add();
    const [file] = blobFiles();
    const stored = readFileSync(join(dir, 'attachments', file!));
    expect(added.digest).toBe(`sha256:${createHash('sha256').update(stored).digest('hex')}`);
    expect(file).toBe(added.digest.slice('sha256:'.length));
    // Sealed: neither the document nor its digest can be read or guessed without the case key.
    expect(stored.includes(Buffer.from('13800138000'))).toBe(false);
    expect(added.digest).not.toBe(`sha256:${createHash('sha256').update(pdf).digest('hex')}`);
    expect(statSync(join(dir, 'attachments')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'attachments', file!)).mode & 0o777).toBe(0o600);
    const [event] = await store.readStream(attachmentStreamOf(caseId));
    expect(event).toMatchObject({
      type: ATTACHMENT_ADDED,
      data: { kind: 'waiver-scan', contentType: 'application/pdf', size: pdf.length, digest: added.digest },
    });
    // The file name and the content key are sealed in the event, never in clear.
    expect(JSON.stringify(event!.data)).not.toContain('王建国');
    expect(added).toMatchObject({
      kind: 'waiver-scan',
      fileName: '免责协议-王建国.pdf',
      addedBy: { id: cs.id },
    });
    const opened = await attachments.open(caseId, added.digest);
    expect(opened.content.equals(pdf)).toBe(true);
  });

  it('chains each record to the one before, and lists them oldest first', async () => {
    const first = await add();
    const second = await add({ kind: 'invoice', fileName: 'invoice.jpg', contentType: 'image/jpeg' });
    const events = await store.readStream(attachmentStreamOf(caseId));
    expect((events[1]!.metadata as { prevHash: string }).prevHash).toBe(first.hash);
    const listed = await attachments.list(caseId);
    expect(listed).toEqual({ items: [first, second], erased: false });
    expect(await attachments.verify(registry, caseId)).toEqual({ attachments: 2, problems: [] });
  });

  it('refuses a document over the size limit (413) or of a type not listed (415), storing and recording nothing', async () => {
    await expect(add({ bytes: Buffer.alloc(1025, 1) })).rejects.toBeInstanceOf(AttachmentTooLargeError);
    await expect(add({ contentType: 'text/html' })).rejects.toBeInstanceOf(UnsupportedAttachmentTypeError);
    await expect(add({ contentType: 'application/pdf; charset=binary' })).resolves.toMatchObject({
      contentType: 'application/pdf',
    });
    expect(blobFiles()).toHaveLength(1);
    expect(await store.readStream(attachmentStreamOf(caseId))).toHaveLength(1);
  });

  it('refuses a kind off the list, a path as a file name and an empty document, naming each field', async () => {
    const refused = await add({ kind: 'selfie', fileName: '../etc/passwd', bytes: Buffer.alloc(0) }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ValidationFailedError);
    expect((refused as ValidationFailedError).errors.map((error) => [error.field, error.code])).toEqual([
      ['kind', 'one_of'],
      ['fileName', 'bad_format'],
      ['body', 'required'],
    ]);
    expect(blobFiles()).toHaveLength(0);
  });

  it('after the case key is destroyed, the document no longer opens (410) and its name reads [erased], while verification still passes', async () => {
    const added = await add();
    vault.erase(caseId);
    await expect(attachments.open(caseId, added.digest)).rejects.toBeInstanceOf(AttachmentErasedError);
    const listed = await attachments.list(caseId);
    expect(listed.erased).toBe(true);
    expect(listed.items[0]).toMatchObject({ fileName: ERASED, digest: added.digest });
    expect(await attachments.verify(registry, caseId)).toEqual({ attachments: 1, problems: [] });
    // No new attachment is sealed with a key that is gone.
    await expect(add()).rejects.toThrow(/erased/);
  });

  it('verification names a blob that was altered or removed', async () => {
    const altered = await add();
    const removed = await add({ kind: 'invoice' });
    const path = (digest: string) => join(dir, 'attachments', digest.slice('sha256:'.length));
    const bytes = readFileSync(path(altered.digest));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(path(altered.digest), bytes);
    unlinkSync(path(removed.digest));
    const report = await attachments.verify(registry, caseId);
    expect(report.problems).toEqual([
      expect.objectContaining({
        streamId: attachmentStreamOf(caseId),
        revision: 0,
        kind: 'attachment-altered',
      }),
      expect.objectContaining({
        streamId: attachmentStreamOf(caseId),
        revision: 1,
        kind: 'attachment-missing',
      }),
    ]);
    // The store-wide walk checks the same blobs.
    const walk = verifyStore(store, registry, {
      contentProblems: (events) => attachments.blobProblems(events),
    });
    const reports = [];
    let next = await walk.next();
    while (!next.done) {
      reports.push(next.value);
      next = await walk.next();
    }
    expect(next.value.casesWithProblems).toBe(1);
    expect(reports[0]!.problems.map((problem) => problem.kind)).toEqual([
      'attachment-altered',
      'attachment-missing',
    ]);
  });

  it('a required document: the command is refused naming the missing kind until an attachment of it is on the case', async () => {
    const required: RequiredDocuments = { fromVersion: 2, actions: { finish: ['waiver-scan', 'invoice'] } };
    const command = { caseId, action: 'finish', machineVersion: 2 };
    const refused = await requireDocuments(store, required, command).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MissingDocumentsError);
    expect((refused as MissingDocumentsError).missing).toEqual(['waiver-scan', 'invoice']);
    await add();
    await expect(requireDocuments(store, required, command)).rejects.toMatchObject({ missing: ['invoice'] });
    await add({ kind: 'invoice' });
    await expect(requireDocuments(store, required, command)).resolves.toBeUndefined();
    // Cases on an earlier machine version, and actions with no requirement, are not asked for anything.
    await expect(
      requireDocuments(store, required, { caseId: 'other', action: 'finish', machineVersion: 1 }),
    ).resolves.toBeUndefined();
    await expect(
      requireDocuments(store, required, { caseId: 'other', action: 'note', machineVersion: 2 }),
    ).resolves.toBeUndefined();
  });
});
