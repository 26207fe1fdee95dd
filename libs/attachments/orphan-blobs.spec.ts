import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore } from '../event-store/index.js';
import { FixedClock } from '../kernel/index.js';
import { PersonalDataVault } from '../personal-data/index.js';
import { actorAs, ticketWorkflow } from '../testing/index.js';
import { WorkflowRegistry } from '../workflow-engine/index.js';
import { CaseAttachments, FileBlobStore, sealContent, sweepOrphanBlobs } from './index.js';

const cs = actorAs('customer_service');
const caseId = '0190f3a4-7b2c-7def-8a12-3456789abcde';
const owner = { dealerId: 'D001', regionId: 'R01' };
const scan = Buffer.from('%PDF-1.7 免责协议\n%%EOF');
const DAY_MS = 86_400_000;
const now = new Date('2026-03-02T09:00:00.000Z');

describe('orphan blobs: what an upload leaves when its record is never appended', () => {
  let dir: string;
  let store: MemoryEventStore;
  let vault: PersonalDataVault;
  let blobs: FileBlobStore;
  let attachments: CaseAttachments;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orphan-blobs-spec-'));
    store = new MemoryEventStore();
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    blobs = new FileBlobStore(join(dir, 'attachments'));
    attachments = new CaseAttachments(store, vault, blobs, new FixedClock(now.toISOString()), {
      maxBytes: 1024,
      mediaTypes: ['application/pdf'],
    });
  });
  afterEach(async () => {
    await store.close();
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileOf = (digestOrName: string) => join(dir, 'attachments', digestOrName.replace(/^sha256:/, ''));
  /** Backdates a blob's file, as if it had been written `days` before `now`. */
  const age = (digestOrName: string, days: number) => {
    const at = new Date(now.getTime() - days * DAY_MS);
    utimesSync(fileOf(digestOrName), at, at);
  };
  const add = () =>
    attachments.add({
      caseType: 'ticket',
      caseId,
      owner,
      actor: cs,
      kind: 'waiver-scan',
      fileName: '免责协议.pdf',
      contentType: 'application/pdf',
      bytes: scan,
    });
  /** What a crash between storing the blob and appending its AttachmentAdded leaves: a blob nothing names. */
  const orphan = async () => {
    const { digest, sealed } = sealContent(scan);
    await blobs.put(digest, sealed);
    return digest;
  };
  const cutoff = new Date(now.getTime() - DAY_MS);

  it('given a recorded blob and orphans, when swept, then only the orphans stored before the cutoff go, and the case still verifies', async () => {
    const recorded = await add();
    const oldOrphan = await orphan();
    const youngOrphan = await orphan();
    // A write a crash interrupted before its rename.
    const partial = `${'a'.repeat(64)}.${'0'.repeat(12)}.partial`;
    writeFileSync(fileOf(partial), 'half a blob');
    age(recorded.digest, 30);
    age(oldOrphan, 2);
    age(partial, 2);
    age(youngOrphan, 0.5);

    const sweep = await sweepOrphanBlobs(store, blobs, { cutoff, dryRun: false });

    expect(sweep).toEqual({ olderThanCutoff: 3, orphans: [partial, oldOrphan].sort(), removed: true });
    expect(existsSync(fileOf(oldOrphan))).toBe(false);
    expect(existsSync(fileOf(partial))).toBe(false);
    expect(existsSync(fileOf(youngOrphan))).toBe(true);
    expect(existsSync(fileOf(recorded.digest))).toBe(true);
    const registry = new WorkflowRegistry([ticketWorkflow]);
    expect(await attachments.verify(registry, caseId)).toEqual({ attachments: 1, problems: [] });
    expect((await attachments.open(caseId, recorded.digest)).content.equals(scan)).toBe(true);
  });

  it('given a dry run, when swept, then the orphans are named and nothing is removed', async () => {
    const old = await orphan();
    age(old, 3);
    const sweep = await sweepOrphanBlobs(store, blobs, { cutoff, dryRun: true });
    expect(sweep).toEqual({ olderThanCutoff: 1, orphans: [old], removed: false });
    expect(existsSync(fileOf(old))).toBe(true);
  });

  it('given a case whose personal data was erased, when swept, then its blobs stay: the audit still checks them', async () => {
    const recorded = await add();
    vault.erase(caseId);
    age(recorded.digest, 400);
    const sweep = await sweepOrphanBlobs(store, blobs, { cutoff: now, dryRun: false });
    expect(sweep).toEqual({ olderThanCutoff: 1, orphans: [], removed: true });
    expect(readdirSync(join(dir, 'attachments'))).toEqual([recorded.digest.slice('sha256:'.length)]);
  });

  it('given no attachments folder yet, when swept, then there is nothing to do', async () => {
    expect(await sweepOrphanBlobs(store, blobs, { cutoff: now, dryRun: false })).toEqual({
      olderThanCutoff: 0,
      orphans: [],
      removed: true,
    });
  });
});
