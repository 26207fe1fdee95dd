import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresDatabase } from '../../libs/testing/index.js';
import { attachDocument, SCANNED_PDF } from './attachment-fixtures.js';
import { ensureBuilt, startBuiltServer } from './built-server.js';
import { complaintIntake, customerService, technicalDirector } from './complaint-fixtures.js';
import { EngineUnderTest, TEST_SECRET, type Caller } from './engine-under-test.js';
import { eventually } from './eventually.js';
import { WebhookReceiver } from './webhook-receiver.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`Store move test skipped: ${target.skip}`);

const CLI = join(process.cwd(), 'dist', 'apps', 'cli', 'main.js');
const WEBHOOK_SECRET = 'the-receivers-secret-since-the-sqlite-days';
const integrationAdmin: Caller = {
  sub: 'zhou.integration',
  name: 'zhou.integration',
  roles: ['integration_admin'],
};

/** The built CLI (`npm run cli`'s entry point) with this environment. */
function cli(args: readonly string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, AUTH_JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeWithServer('moving a store from SQLite to PostgreSQL (store export, store import, migrate)', () => {
  const database = target as PostgresDatabase;
  const work = mkdtempSync(join(tmpdir(), 'store-move-'));
  const sqliteDir = join(work, 'sqlite');
  const exported = join(work, 'events.jsonl');
  const exportedBlobs = join(work, 'attachments');
  const onPostgres = { EVENT_STORE: 'postgres', DATABASE_URL: database.url, DATA_DIR: join(work, 'pg-node') };
  let caseId: string;
  let receiver: WebhookReceiver;
  let subscriptionId: string;
  /** `webhook-id`s (event ids) the SQLite node delivered, and those it tried and could not. */
  let deliveredOnSqlite: string[];
  let undeliveredOnSqlite: string[];

  beforeAll(async () => {
    ensureBuilt();
    receiver = await WebhookReceiver.start(WEBHOOK_SECRET);
    // A failed attempt is tried again 10 s later: the SQLite node stops before, leaving the delivery pending.
    const engine = await EngineUnderTest.start({
      keepDataDir: sqliteDir,
      env: { WEBHOOK_POLL_INTERVAL_MS: '20', WEBHOOK_RETRY_BASE_MS: '10000' },
    });
    const subscription = await engine.request<{ id: string }>('POST', '/api/v1/subscriptions', {
      caller: integrationAdmin,
      body: { url: receiver.url, secret: WEBHOOK_SECRET },
    });
    expect(subscription.status).toBe(201);
    subscriptionId = subscription.body.id;
    caseId = (
      await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      })
    ).body.id;
    await engine.request('POST', `/api/v1/complaints/${caseId}/actions/verify`, {
      caller: customerService,
      body: { findings: 'confirmed on the lift', problemClass: 'technical', judgement: 'defect' },
    });
    await eventually(
      async () => receiver.accepted.map(({ body }) => body.type),
      (types) => types.includes('ComplaintVerified'),
    );
    receiver.mode = { kind: 'fail', status: 503 };
    await engine.request('POST', `/api/v1/complaints/${caseId}/actions/propose-resolution`, {
      caller: technicalDirector,
      body: {
        cause: 'worn bearing',
        plan: 'replace the bearing',
        costHandling: { payer: 'oem', amountCents: 120_000 },
      },
    });
    await attachDocument(engine, customerService, 'complaints', caseId, 'invoice');
    await eventually(
      async () => receiver.requests.length - receiver.accepted.length,
      (refused) => refused >= 2,
    );
    await engine.stop({ keepData: true });
    deliveredOnSqlite = receiver.accepted.map(({ id }) => id);
    undeliveredOnSqlite = [...new Set(receiver.requests.map(({ id }) => id))].filter(
      (id) => !deliveredOnSqlite.includes(id),
    );
    expect(undeliveredOnSqlite).toHaveLength(2);
    receiver.mode = { kind: 'ok' };
  }, 60_000);
  afterAll(async () => {
    await receiver.stop();
    rmSync(work, { recursive: true, force: true });
    await database.stop();
  });

  it('given a SQLite store with an attachment, when exported with its attachments, then every event is a line in log order and the blob is copied as stored', () => {
    const result = cli(['store', 'export', '--attachments', exportedBlobs], { DATA_DIR: sqliteDir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    writeFileSync(exported, result.stdout);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { streamId: string; data: { digest?: string } });
    expect(lines.filter((line) => line.streamId === `complaint-${caseId}`)).toHaveLength(3);
    const [record] = lines.filter((line) => line.streamId === `attachments-${caseId}`);
    expect(readdirSync(exportedBlobs)).toEqual([record!.data.digest!.slice('sha256:'.length)]);
    expect(readFileSync(join(exportedBlobs, readdirSync(exportedBlobs)[0]!))).toEqual(
      readFileSync(join(sqliteDir, 'attachments', readdirSync(exportedBlobs)[0]!)),
    );
  });

  it('given the export without its blobs, when imported, then the check names the attachment whose blob did not come along', async () => {
    const fresh = await startPostgres();
    if ('skip' in fresh) throw new Error(fresh.skip);
    try {
      const result = cli(['store', 'import', '--in', exported], { ...onPostgres, DATABASE_URL: fresh.url });
      expect(result.status).toBe(1);
      const problems = result.stdout.trim().split('\n').slice(0, -1);
      expect(problems.map((line) => JSON.parse(line) as unknown)).toEqual([
        expect.objectContaining({ streamId: `attachments-${caseId}`, kind: 'attachment-missing' }),
      ]);
    } finally {
      await fresh.stop();
    }
  }, 60_000);

  it('given the export, when imported into an empty PostgreSQL store with the vault keys and webhook subscriptions, then every hash checks out, the case verifies on a PostgreSQL node, and the subscription is delivered to from it with its secret', async () => {
    expect(cli(['migrate'], onPostgres)).toMatchObject({ status: 0 });
    const result = cli(['store', 'import', '--in', exported, '--attachments', exportedBlobs], onPostgres);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = readFileSync(exported, 'utf8').trim().split('\n').length;
    expect(JSON.parse(result.stdout.trim())).toEqual({
      summary: {
        imported: lines,
        read: lines,
        streams: expect.any(Number),
        hashesVerified: lines,
        attachments: 1,
        problems: 0,
      },
    });
    // The vault's keys move into the database; a node on PostgreSQL keeps no key file of its own.
    const keys = cli(
      ['personal-data', 'import-keys', '--from', join(sqliteDir, 'personal-data.sqlite')],
      onPostgres,
    );
    expect(keys.stderr).toBe('');
    expect(JSON.parse(keys.stdout.trim())).toEqual({
      summary: { read: expect.any(Number), imported: expect.any(Number), erasedByImport: 0, unchanged: 0 },
    });
    // The webhook subscriptions move too, with their secrets and what the SQLite node had not delivered yet.
    const integrationsFile = join(sqliteDir, 'integrations.sqlite');
    const subscriptions = cli(['webhooks', 'import-subscriptions', '--from', integrationsFile], onPostgres);
    expect(subscriptions.stderr).toBe('');
    expect(subscriptions.status).toBe(0);
    expect(JSON.parse(subscriptions.stdout.trim())).toEqual({
      summary: {
        read: 1,
        imported: 1,
        revoked: 0,
        skipped: 0,
        pending: undeliveredOnSqlite.length,
        deadLettered: 0,
        queued: 0,
        checkpoint: lines,
      },
    });
    const again = cli(['webhooks', 'import-subscriptions', '--from', integrationsFile], onPostgres);
    expect(again.stdout.trim().split('\n')[0]).toBe(
      JSON.stringify({ skipped: subscriptionId, reason: 'already in PostgreSQL' }),
    );
    expect(JSON.parse(again.stdout.trim().split('\n')[1]!)).toMatchObject({
      summary: { imported: 0, skipped: 1 },
    });
    const nodeDir = join(work, 'pg-node');
    rmSync(nodeDir, { recursive: true, force: true });
    const server = await startBuiltServer(nodeDir, { EVENT_STORE: 'postgres', DATABASE_URL: database.url });
    try {
      const { issueDevToken } = await import('../../libs/auth/index.js');
      const token = await issueDevToken(TEST_SECRET, customerService, new Date());
      const get = async (path: string) =>
        (
          await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
        ).json() as Promise<Record<string, unknown>>;
      // The node's sweeper may add a breach: the moved case's 24-hour clock ran out long ago by the real clock.
      const verification = await get(`/api/v1/complaints/${caseId}/verification`);
      expect(verification).toMatchObject({ ok: true, problems: [] });
      expect(verification.events).toBeGreaterThanOrEqual(3);
      expect(await get(`/api/v1/complaints/${caseId}`)).toMatchObject({
        data: expect.objectContaining({ customer: expect.objectContaining({ name: '王建国' }) }),
      });
      // The document opens on the PostgreSQL node: blob from attachment_blobs, key from the moved vault.
      const { items } = (await get(`/api/v1/complaints/${caseId}/attachments`)) as unknown as {
        items: { digest: string; kind: string }[];
      };
      expect(items).toEqual([expect.objectContaining({ kind: 'invoice' })]);
      const document = await fetch(
        `${server.baseUrl}/api/v1/complaints/${caseId}/attachments/${items[0]!.digest}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(document.status).toBe(200);
      expect(Buffer.from(await document.arrayBuffer()).equals(SCANNED_PDF)).toBe(true);
      // The PostgreSQL node delivers, signed with the original secret, what the SQLite node had not, and a
      // new case's events; nothing the SQLite node delivered goes again.
      const { id: newCaseId } = (await (
        await fetch(`${server.baseUrl}/api/v1/complaints`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(complaintIntake()),
        })
      ).json()) as { id: string };
      const delivered = await eventually(
        async () => receiver.accepted.slice(deliveredOnSqlite.length),
        (after) =>
          undeliveredOnSqlite.every((id) => after.some((webhook) => webhook.id === id)) &&
          after.some((webhook) => webhook.body.caseId === newCaseId),
      );
      expect(delivered.map(({ id }) => id)).toEqual(expect.arrayContaining(undeliveredOnSqlite));
      expect(delivered.map(({ body }) => body.caseId)).toContain(newCaseId);
      expect(receiver.badSignatures).toEqual([]);
      expect(receiver.requests.filter(({ id }) => deliveredOnSqlite.includes(id))).toHaveLength(
        deliveredOnSqlite.length,
      );
    } finally {
      await server.stop();
    }
    // The moved store's audit checks every blob against its record.
    const audit = cli(['audit', 'verify', '--all'], onPostgres);
    expect(audit.stderr).toBe('');
    expect(audit.status).toBe(0);
  }, 60_000);

  it('given an orphan blob in attachment_blobs older than the grace period, when attachments gc runs, then only the orphan is removed and the audit still passes', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const orphan = `sha256:${'0'.repeat(64)}`;
    try {
      await client.query(
        `INSERT INTO attachment_blobs (digest, content, created_at) VALUES ($1, $2, now() - interval '2 days')`,
        [orphan, Buffer.from('a blob whose upload never recorded it')],
      );
      // Every blob is old enough: only the record decides what stays.
      await client.query(`UPDATE attachment_blobs SET created_at = now() - interval '3 days'`);
      const dry = cli(['attachments', 'gc', '--dry-run'], onPostgres);
      expect(dry.status).toBe(0);
      expect(dry.stdout.trim().split('\n')[0]).toBe(JSON.stringify({ orphan, removed: false }));
      const result = cli(['attachments', 'gc', '--older-than', '24'], onPostgres);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as unknown),
      ).toEqual([
        { orphan, removed: true },
        {
          summary: { storedBefore: expect.any(String), examined: 2, orphans: 1, removed: 1 },
        },
      ]);
      const { rows } = await client.query<{ digest: string }>('SELECT digest FROM attachment_blobs');
      expect(rows.map((row) => row.digest)).not.toContain(orphan);
      expect(rows).toHaveLength(1);
    } finally {
      await client.end();
    }
    expect(cli(['audit', 'verify', '--all'], onPostgres).status).toBe(0);
  }, 60_000);

  it('given the moved store, when its shared read models are rebuilt through the CLI, then every event is applied again and the audit index lists the moved case', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const head = Number(
        (await client.query<{ head: string }>('SELECT max(position) AS head FROM events')).rows[0]!.head,
      );
      const result = cli(['projections', 'rebuild'], onPostgres);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // Six read models, each replaying the whole log.
      expect(result.stdout).toMatch(new RegExp(`^Rebuilt all read models: ${6 * head} events in `));
      const { rows } = await client.query<{ name: string; position: string }>(
        'SELECT name, position FROM projection_checkpoints ORDER BY name',
      );
      expect(rows.map((row) => [row.name, Number(row.position)])).toEqual(
        ['audit', 'cases', 'customers', 'delegations', 'reports', 'sla_deadlines'].map((name) => [
          name,
          head,
        ]),
      );
      const audit = await client.query('SELECT 1 FROM audit_events WHERE case_id = $1', [caseId]);
      expect(audit.rowCount).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('given a store that already holds events, when imported into, then it refuses and changes nothing', () => {
    const result = cli(['store', 'import', '--in', exported], onPostgres);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/already holds \d+ events; import only into an empty store/);
  });

  it('given an export edited on the way, when imported, then the check names the event whose hash no longer matches', async () => {
    const edited = join(work, 'edited.jsonl');
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    const index = lines.findIndex((line) => line.includes('ComplaintVerified'));
    lines[index] = lines[index]!.replace('worn bearing', 'nothing').replace(
      'confirmed on the lift',
      'no fault found',
    );
    writeFileSync(edited, `${lines.join('\n')}\n`);
    const fresh = await startPostgres();
    if ('skip' in fresh) throw new Error(fresh.skip);
    try {
      const result = cli(['store', 'import', '--in', edited], { ...onPostgres, DATABASE_URL: fresh.url });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('"problem":"hash mismatch"');
    } finally {
      await fresh.stop();
    }
  }, 60_000);
});
