import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complaintWorkflowV1 } from '../../workflows/complaint/complaint.workflow.js';
import { SqliteEventStore } from '../event-store/index.js';
import { FixedClock, type Actor } from '../kernel/index.js';
import { actorAs } from '../testing/index.js';
import {
  CaseRepository,
  verifyCase,
  verifyStore,
  WorkflowEngine,
  WorkflowRegistry,
  type CaseVerification,
  type StoreVerificationOptions,
  type StoreVerificationSummary,
} from '../workflow-engine/index.js';
import { AuditAnchorFile } from './anchor-file.js';
import { AuditAnchorWriter } from './anchor-writer.js';

const registry = new WorkflowRegistry([complaintWorkflowV1]);
const intake = {
  channel: 'phone',
  category: 'repair_technique',
  severity: 'normal',
  customer: { name: '李', phone: '13800138000', class: 'A', sensitive: [] },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'noise',
};
const OF_STREAM = 'stream_no = (SELECT stream_no FROM streams WHERE stream_id = ?)';

describe('audit anchors: truncation of a stream and of the log is found', () => {
  let dir: string;
  let path: string;
  let anchorPath: string;
  let first: string;
  let second: string;

  /** Case `first` (R01) gets 3 events, then case `second` (R02) gets 2: the log ends with `second`. */
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'anchor-'));
    path = join(dir, 'events.sqlite');
    anchorPath = join(dir, 'elsewhere', 'audit-anchors.sqlite');
    const store = new SqliteEventStore({ path });
    const engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry), new FixedClock());
    const open = async (actor: Actor) =>
      (await engine.execute({ caseType: 'complaint', action: 'create', data: intake, actor })).caseId;
    const verify = (caseId: string, actor: Actor) =>
      engine.execute({
        caseType: 'complaint',
        caseId,
        action: 'verify',
        data: { findings: 'confirmed', problemClass: 'technical' },
        actor,
      });
    const r01 = actorAs('customer_service');
    const r02 = actorAs('customer_service', { dealerId: 'D002', regionId: 'R02' });
    first = await open(r01);
    await verify(first, r01);
    await engine.execute({
      caseType: 'complaint',
      caseId: first,
      action: 'propose-resolution',
      data: { cause: 'bolt', plan: 'tighten' },
      actor: actorAs('technical_director'),
    });
    second = await open(r02);
    await verify(second, r02);
    const anchors = new AuditAnchorFile(anchorPath);
    await new AuditAnchorWriter(store, anchors, new FixedClock(), { intervalMs: 60_000 }).stop();
    anchors.close();
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function tamper(sql: string, ...params: unknown[]): void {
    const db = new Database(path);
    db.prepare(sql).run(...params);
    db.close();
  }

  async function withStore<T>(
    work: (store: SqliteEventStore, anchors: AuditAnchorFile) => Promise<T>,
  ): Promise<T> {
    const store = new SqliteEventStore({ path });
    const anchors = new AuditAnchorFile(anchorPath);
    try {
      return await work(store, anchors);
    } finally {
      anchors.close();
      await store.close();
    }
  }

  async function walk(
    options: Omit<StoreVerificationOptions, 'anchors'> = {},
  ): Promise<{ reports: CaseVerification[]; summary: StoreVerificationSummary }> {
    return withStore(async (store, anchors) => {
      const reports: CaseVerification[] = [];
      const iterator = verifyStore(store, registry, { ...options, anchors });
      for (;;) {
        const next = await iterator.next();
        if (next.done) return { reports, summary: next.value };
        reports.push(next.value);
      }
    });
  }

  it('anchors the log: position, event count and chain, and each stream head', async () => {
    await withStore(async (store, anchors) => {
      expect(anchors.latest()).toMatchObject({ position: await store.headPosition(), events: 5 });
      expect(statSync(anchorPath).mode & 0o777).toBe(0o600);
      expect(anchors.head(`complaint-${first}`)).toMatchObject({ revision: 2, regionId: 'R01' });
      expect(anchors.head(`complaint-${second}`)).toMatchObject({ revision: 1, regionId: 'R02' });
      expect([...anchors.heads(1)].map((head) => head.streamId)).toEqual(
        [`complaint-${first}`, `complaint-${second}`].sort(),
      );
    });
    const { summary } = await walk();
    expect(summary).toMatchObject({ cases: 2, events: 5, casesWithProblems: 0, log: { ok: true } });
  });

  it('gives the same chain whether the log is anchored at once or page by page', async () => {
    await withStore(async (store, anchors) => {
      const paged = new AuditAnchorFile(join(dir, 'paged.sqlite'));
      const writer = new AuditAnchorWriter(store, paged, new FixedClock(), {
        intervalMs: 60_000,
        pageSize: 1,
        eventsPerAnchor: 2,
      });
      const last = await writer.anchorNow();
      paged.close();
      expect(last).toMatchObject({ anchorNo: 3, events: 5, chainHash: anchors.latest()!.chainHash });
    });
  });

  it("names a stream's deleted last event as truncated at the missing revision", async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 2`, `complaint-${first}`);
    const report = await withStore(async (store, anchors) =>
      verifyCase(registry, await store.readStream(`complaint-${first}`), anchors.head(`complaint-${first}`)),
    );
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ revision: 2, kind: 'truncated', found: 'the stream ends at revision 1' }),
    ]);
    // Without the anchor the shortened chain is still a valid chain: that is what the anchor is for.
    const unanchored = await withStore(async (store) =>
      verifyCase(registry, await store.readStream(`complaint-${first}`)),
    );
    expect(unanchored.ok).toBe(true);
  });

  it("finds the whole log's tail deleted, store-wide", async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 1`, `complaint-${second}`);
    const { reports: all, summary } = await walk();
    const reports = all.filter((report) => !report.ok);
    expect(reports.map((report) => [report.caseId, report.problems.map((p) => p.kind)])).toEqual([
      [second, ['truncated']],
    ]);
    expect(summary.log).toMatchObject({
      ok: false,
      problems: [{ kind: 'log-truncated', found: expect.stringContaining('after 4 events') }],
    });
  });

  it('finds a stream deleted whole from the middle of the log, and the log changed before its anchor', async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM}`, `complaint-${first}`);
    const { reports: all, summary } = await walk();
    const reports = all.filter((report) => !report.ok);
    expect(reports.map((report) => [report.caseId, report.problems])).toEqual([
      [first, [expect.objectContaining({ revision: 0, kind: 'truncated', found: 'no events' })]],
    ]);
    expect(summary.log).toMatchObject({
      ok: false,
      problems: [{ kind: 'log-changed', found: expect.stringMatching(/^2 events up to position/) }],
    });
  });

  it('tells, when it next anchors, that the log ends before its latest anchor', async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 1`, `complaint-${second}`);
    const told: [number, number][] = [];
    await withStore(async (store, anchors) => {
      await new AuditAnchorWriter(store, anchors, new FixedClock(), {
        intervalMs: 60_000,
        onLogBehindAnchor: (anchor, headPosition) => told.push([anchor.position, headPosition]),
      }).anchorNow();
      expect(told).toEqual([[anchors.latest()!.position, await store.headPosition()]]);
      expect(told[0]![1]).toBeLessThan(told[0]![0]);
    });
  });

  it('keeps a regional walk to its region: no other case named, no store-wide log check', async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 2`, `complaint-${first}`);
    const r02 = await walk({ inScope: (owner) => owner.regionId === 'R02' });
    expect(r02.reports.map((report) => report.caseId)).toEqual([second]);
    expect(r02.summary).toEqual({ cases: 1, events: 2, casesWithProblems: 0 });
    const r01 = await walk({ inScope: (owner) => owner.regionId === 'R01' });
    expect(r01.reports.map((report) => [report.caseId, report.ok])).toEqual([[first, false]]);
  });
});
