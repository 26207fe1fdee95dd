import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complaintWorkflowV1 } from '../../workflows/complaint/complaint.workflow.js';
import { encodeEventRow, SqliteEventStore } from '../event-store/index.js';
import { FixedClock } from '../kernel/index.js';
import { actorAs } from '../testing/index.js';
import { CaseRepository } from './case-repository.js';
import { eventHash } from './hash-chain.js';
import { verifyStore } from './store-verification.js';
import { verifyCase } from './verification.js';
import { WorkflowEngine } from './workflow-engine.js';
import { WorkflowRegistry } from './workflow-registry.js';

const cs = actorAs('customer_service');
const td = actorAs('technical_director');
const intake = {
  channel: 'phone',
  category: 'repair_technique',
  severity: 'normal',
  customer: { name: '李', phone: '13800138000', class: 'A', sensitive: [] },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'noise',
};

describe('verification of a stored case against tampering in the SQLite file', () => {
  let dir: string;
  let path: string;
  let caseId: string;
  const registry = new WorkflowRegistry([complaintWorkflowV1]);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tamper-'));
    path = join(dir, 'events.sqlite');
    const store = new SqliteEventStore({ path });
    const engine = new WorkflowEngine(store, registry, new CaseRepository(store, registry), new FixedClock());
    const run = (action: string, actor = cs, data: Record<string, unknown> = {}) =>
      engine.execute({ caseType: 'complaint', caseId, action, data, actor });
    caseId = (await engine.execute({ caseType: 'complaint', action: 'create', data: intake, actor: cs }))
      .caseId;
    await run('verify', cs, { findings: 'confirmed', problemClass: 'technical' });
    await run('propose-resolution', td, { cause: 'loose bolt', plan: 'tighten' });
    await run('record-customer-reply', cs, { decision: 'accepted' });
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function verify() {
    const store = new SqliteEventStore({ path });
    try {
      return verifyCase(registry, await store.readStream(`complaint-${caseId}`));
    } finally {
      await store.close();
    }
  }
  function tamper(sql: string, ...params: unknown[]): void {
    const db = new Database(path);
    db.prepare(sql).run(...params);
    db.close();
  }
  const stream = () => `complaint-${caseId}`;
  /** The rows of one stream (format 2 numbers streams). */
  const OF_STREAM = 'stream_no = (SELECT stream_no FROM streams WHERE stream_id = ?)';

  it('verifies an untouched case clean', async () => {
    expect(await verify()).toEqual({ ok: true, events: 4, problems: [] });
  });

  it('names an edited payload', async () => {
    tamper(
      // Whether the row holds the payload's text or (format 3) only its values, the value is in it as JSON.
      `UPDATE events SET data = replace(data, '"confirmed"', '"nothing found"') WHERE ${OF_STREAM} AND revision = 1`,
      stream(),
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ revision: 1, kind: 'hash-mismatch' }));
  });

  it('names a deleted event', async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 2`, stream());
    const report = await verify();
    expect(report.problems).toContainEqual({ revision: 3, kind: 'revision-gap', expected: '2', found: '3' });
    expect(report.problems).toContainEqual(expect.objectContaining({ revision: 3, kind: 'broken-chain' }));
  });

  it('names reordered events', async () => {
    tamper(`UPDATE events SET revision = -1 WHERE ${OF_STREAM} AND revision = 2`, stream());
    tamper(`UPDATE events SET revision = 2 WHERE ${OF_STREAM} AND revision = 3`, stream());
    tamper(`UPDATE events SET revision = 3 WHERE ${OF_STREAM} AND revision = -1`, stream());
    const report = await verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ revision: 2, kind: 'broken-chain' }));
    expect(report.problems).toContainEqual(expect.objectContaining({ revision: 2, kind: 'hash-mismatch' }));
  });

  it('names a changed actor, and that the machine would not have let them act', async () => {
    tamper(
      `INSERT INTO event_actors (actor)
       SELECT json_set(actor, '$.roles', json('["service_advisor"]'), '$.id', 'someone-else') FROM event_actors
       WHERE actor_no = (SELECT actor_no FROM events WHERE ${OF_STREAM} AND revision = 2)`,
      stream(),
    );
    tamper(
      `UPDATE events SET actor_no = (SELECT max(actor_no) FROM event_actors) WHERE ${OF_STREAM} AND revision = 2`,
      stream(),
    );
    const report = await verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ revision: 2, kind: 'hash-mismatch' }));
    expect(report.problems).toContainEqual(expect.objectContaining({ revision: 2, kind: 'not-allowed' }));
  });

  it('names a re-signed event whose decision the machine would not make', async () => {
    // Even with the hash recomputed, re-deciding shows the machine never routes "technical" to parts.
    const store = new SqliteEventStore({ path });
    const stored = (await store.readStream(stream()))[1]!;
    await store.close();
    const metadata: Record<string, unknown> = { ...stored.metadata, toState: 'dismissed' };
    metadata.hash = eventHash({ ...stored, metadata });
    // Written as the store lays a row out: the new state is in a shape of its own.
    const forged = encodeEventRow(
      stream(),
      stored.eventId,
      stored.type,
      JSON.stringify(stored.data),
      JSON.stringify(metadata),
    );
    tamper('INSERT INTO event_shapes (shape) VALUES (?)', forged.shape);
    tamper(
      `UPDATE events SET shape_no = (SELECT max(shape_no) FROM event_shapes), packed = ? WHERE ${OF_STREAM} AND revision = 1`,
      forged.packed,
      stream(),
    );
    const report = await verify();
    expect(report.problems).toContainEqual({
      revision: 1,
      kind: 'different-decision',
      expected: 'to routed',
      found: 'to dismissed',
    });
    expect(
      report.problems.filter((problem) => problem.revision === 1).map((problem) => problem.kind),
    ).toEqual(['different-decision']);
  });

  it('walks the whole store and reports only the tampered case', async () => {
    tamper(
      `UPDATE events SET data = replace(data, '"accepted"', '"rejected"') WHERE ${OF_STREAM} AND revision = 3`,
      stream(),
    );
    const store = new SqliteEventStore({ path });
    const reports = [];
    const walk = verifyStore(store, registry);
    let summary;
    for (;;) {
      const next = await walk.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      reports.push(next.value);
    }
    await store.close();
    expect(summary).toEqual({ cases: 1, events: 4, casesWithProblems: 1 });
    expect(reports[0]?.problems.map((problem) => problem.kind)).toContain('hash-mismatch');
  });
});
