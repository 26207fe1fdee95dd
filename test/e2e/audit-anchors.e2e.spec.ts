import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditorNational,
  complaintIntake,
  customerService,
  foreignCustomerService,
  technicalDirector,
} from './complaint-fixtures.js';
import { ensureBuilt } from './built-server.js';
import { EngineUnderTest, TEST_SECRET, type Caller } from './engine-under-test.js';

const regionalAuditor: Caller = { sub: 'audit.r02', roles: ['auditor'], regionId: 'R02' };
const OF_STREAM = 'stream_no = (SELECT stream_no FROM streams WHERE stream_id = ?)';

/** The verifier script of docs/audit.md, run exactly as printed there: `node verify-export.mjs < export`. */
function runDocumentedVerifier(jsonl: string): { code: number; output: string } {
  const markdown = readFileSync(join(process.cwd(), 'docs', 'audit.md'), 'utf8');
  const script = /verify-export\.mjs[\s\S]*?```js\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (script === undefined) throw new Error('docs/audit.md has no verify-export.mjs script');
  const dir = mkdtempSync(join(tmpdir(), 'verify-export-'));
  try {
    writeFileSync(join(dir, 'verify-export.mjs'), script);
    const run = spawnSync(process.execPath, [join(dir, 'verify-export.mjs')], {
      input: jsonl,
      encoding: 'utf8',
    });
    return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ndjson = (body: unknown): string => (typeof body === 'string' ? body : `${JSON.stringify(body)}\n`);

describe('audit anchors over HTTP: a deleted last event and a cut log are found', () => {
  let engine: EngineUnderTest;
  let r01Case: string;
  let r02Case: string;

  async function anchored(): Promise<void> {
    const head = await engine.runtime.store.headPosition();
    while (
      (engine.runtime.anchors?.latest()?.position ?? 0) < head ||
      engine.runtime.runner.position < head
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  function tamper(sql: string, ...params: unknown[]): void {
    const db = new Database(join(engine.directory, 'events.sqlite'));
    db.prepare(sql).run(...params);
    db.close();
  }
  async function storeWide(caller: Caller): Promise<Record<string, unknown>[]> {
    const result = await engine.request<string>('GET', '/api/v1/audit/verification', { caller });
    expect(result.status).toBe(200);
    return ndjson(result.body)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  beforeAll(() => ensureBuilt());

  /** An R01 case with three events, then an R02 case with one: the log ends with the R02 case. */
  beforeEach(async () => {
    engine = await EngineUnderTest.start({ env: { AUDIT_ANCHOR_INTERVAL_MS: '100' } });
    r01Case = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
    await engine.request('POST', `/api/v1/complaints/${r01Case}/actions/verify`, {
      caller: customerService,
      body: { findings: 'confirmed', problemClass: 'technical', judgement: 'defect' },
    });
    await engine.request('POST', `/api/v1/complaints/${r01Case}/actions/propose-resolution`, {
      caller: technicalDirector,
      body: { cause: 'bolt', plan: 'tighten', costHandling: { payer: 'dealer', amountCents: 5_000 } },
    });
    r02Case = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: foreignCustomerService,
        body: complaintIntake(),
      })
    ).body.id;
    await anchored();
  });
  afterEach(async () => {
    await engine.stop();
  });

  it('fails a case whose last event was deleted, naming the missing revision, online and in its export', async () => {
    const clean = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${r01Case}`, {
      caller: auditorNational,
    });
    expect(runDocumentedVerifier(ndjson(clean.body))).toMatchObject({ code: 0 });
    expect(JSON.parse(ndjson(clean.body).split('\n')[0]!)).toMatchObject({
      anchor: { covers: 'case', heads: [{ streamId: `complaint-${r01Case}`, revision: 2 }] },
    });

    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 2`, `complaint-${r01Case}`);

    const report = await engine.request<{ ok: boolean; problems: unknown[] }>(
      'GET',
      `/api/v1/complaints/${r01Case}/verification`,
      { caller: auditorNational },
    );
    expect(report.body).toMatchObject({
      ok: false,
      events: 2,
      problems: [{ revision: 2, kind: 'truncated', found: 'the stream ends at revision 1' }],
    });
    const cut = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${r01Case}`, {
      caller: auditorNational,
    });
    const offline = runDocumentedVerifier(ndjson(cut.body));
    expect(offline.code).toBe(1);
    expect(offline.output).toContain(`complaint-${r01Case}: truncated, anchored up to revision 2`);
  });

  it('finds the tail of the whole log deleted, store-wide', async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM}`, `complaint-${r02Case}`);
    const lines = await storeWide(auditorNational);
    expect(lines.find((line) => line.caseId === r02Case)).toMatchObject({
      ok: false,
      problems: [{ revision: 0, kind: 'truncated', found: 'no events' }],
    });
    expect(lines[lines.length - 1]).toMatchObject({
      summary: { casesWithProblems: 1, log: { ok: false, problems: [{ kind: 'log-truncated' }] } },
    });
    // The CLI's `audit verify --all`, run beside the server, says the same and exits 1.
    const cli = spawnSync(
      process.execPath,
      [join(process.cwd(), 'dist', 'apps', 'cli', 'main.js'), 'audit', 'verify', '--all'],
      {
        env: { ...process.env, NODE_ENV: 'test', DATA_DIR: engine.directory, AUTH_JWT_SECRET: TEST_SECRET },
        encoding: 'utf8',
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stdout).toContain(r02Case);
    expect(cli.stdout).toContain('"kind":"log-truncated"');
  });

  it('verifies a whole-log export offline against the anchored chain, and finds it cut', async () => {
    const whole = await engine.request<string>('GET', '/api/v1/audit/export', { caller: auditorNational });
    expect(JSON.parse(ndjson(whole.body).split('\n')[0]!)).toMatchObject({
      anchor: { covers: 'log', events: 4 },
    });
    expect(runDocumentedVerifier(ndjson(whole.body))).toMatchObject({ code: 0 });
    // Every export names its anchor, the CSV of the audit index too (in a header: a CSV has no room for it).
    const csv = await engine.request('GET', '/api/v1/audit/export?format=csv', { caller: auditorNational });
    expect(JSON.parse(csv.headers.get('x-audit-anchor')!)).toMatchObject({ events: 4, covers: 'events' });
    // The last event left out of the export: every remaining event and link is intact, the anchor is not.
    const lines = ndjson(whole.body).trim().split('\n');
    const offline = runDocumentedVerifier(`${lines.slice(0, -1).join('\n')}\n`);
    expect(offline.code).toBe(1);
    expect(offline.output).toContain('log: anchored 4 events');
  });

  it("gives a regional auditor their region's verification only", async () => {
    tamper(`DELETE FROM events WHERE ${OF_STREAM} AND revision = 2`, `complaint-${r01Case}`);
    const regional = await storeWide(regionalAuditor);
    const text = JSON.stringify(regional);
    expect(text).not.toContain(r01Case);
    expect(regional).toEqual([{ summary: { cases: 1, events: 1, casesWithProblems: 0 } }]);
    const exported = await engine.request<string>('GET', `/api/v1/audit/export?caseId=${r01Case}`, {
      caller: regionalAuditor,
    });
    expect(ndjson(exported.body).trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(ndjson(exported.body))).toMatchObject({ anchor: { covers: 'case', heads: [] } });
    const national = await storeWide(auditorNational);
    expect(national.map((line) => line.caseId).filter(Boolean)).toEqual([r01Case]);
  });
});
