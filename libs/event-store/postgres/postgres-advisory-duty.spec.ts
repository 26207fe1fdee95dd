import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { NetworkPartition, startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { PostgresAdvisoryDuty } from './postgres-advisory-duty.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL duty specs skipped: ${target.skip}`);

describeWithServer('a duty exactly one node performs (PostgreSQL advisory lock)', () => {
  const database = target as PostgresDatabase;
  const duties: PostgresAdvisoryDuty[] = [];
  const node = (name = 'sla-sweeper', url = database.url, takeoverAfterMs?: number): PostgresAdvisoryDuty => {
    const duty = new PostgresAdvisoryDuty(
      url,
      name,
      takeoverAfterMs === undefined ? {} : { takeoverAfterMs },
    );
    duties.push(duty);
    return duty;
  };
  afterAll(async () => {
    await Promise.all(duties.map((duty) => duty.release()));
    await database.stop();
  });

  it('given three nodes claiming at once, then exactly one holds the duty, and keeps it', async () => {
    const nodes = [node(), node(), node()];
    const claims = await Promise.all(nodes.map((duty) => duty.claim()));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = nodes[claims.indexOf(true)]!;
    expect(await holder.claim()).toBe(true);
    for (const other of nodes.filter((duty) => duty !== holder)) expect(await other.claim()).toBe(false);
    await Promise.all(nodes.map((duty) => duty.release()));
  });

  it('given the holder released it, then another node takes it on its next claim', async () => {
    const [first, second] = [node(), node()];
    expect(await first.claim()).toBe(true);
    expect(await second.claim()).toBe(false);
    await first.release();
    expect(await second.claim()).toBe(true);
    await second.release();
  });

  it('given the holder session is killed (as when its node dies), then another node takes it and the holder no longer claims to hold it', async () => {
    const [holder, standby] = [node(), node()];
    expect(await holder.claim()).toBe(true);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`,
    );
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await standby.claim()).toBe(true);
    expect(holder.holds).toBe(false);
    expect(await holder.claim()).toBe(false);
    await standby.release();
  });

  it('given two duties of other names, then one node may hold both', async () => {
    const [sweeper, other] = [node('sla-sweeper'), node('lost-customers')];
    expect(await sweeper.claim()).toBe(true);
    expect(await other.claim()).toBe(true);
  });
  describe('given a holder that goes silent without closing its connection (takeover after 1.5 s)', () => {
    const takeoverAfterMs = 1500;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    /** Two nodes after one duty on the direct connection: the first claims it, the other stands by. */
    const holderAndStandby = (name: string) =>
      [node(name, database.url, takeoverAfterMs), node(name, database.url, takeoverAfterMs)] as const;

    it('given its network is cut, then it gives the duty up before the server ends its session, and another node takes the duty then', async () => {
      const server = new URL(database.url);
      const partition = await NetworkPartition.to(server.hostname, Number(server.port));
      const throughRelay = new URL(database.url);
      throughRelay.port = String(partition.port);
      const [holder, standby] = [
        node('webhook-outbox', throughRelay.toString(), takeoverAfterMs),
        node('webhook-outbox', database.url, takeoverAfterMs),
      ];
      try {
        expect(await holder.claim()).toBe(true);
        await sleep(takeoverAfterMs);
        expect(holder.holds).toBe(true);
        expect(await standby.claim()).toBe(false);

        partition.cut();
        const cutAt = Date.now();
        let holderGaveUpAt: number | undefined;
        const watch = setInterval(() => {
          if (!holder.holds) holderGaveUpAt ??= Date.now();
        }, 5);
        let standbyTookAt: number | undefined;
        let lastClaimSentAt = cutAt;
        while (standbyTookAt === undefined && Date.now() - cutAt < 10 * takeoverAfterMs) {
          lastClaimSentAt = Date.now();
          if (await standby.claim()) standbyTookAt = Date.now();
          else await sleep(50);
        }
        clearInterval(watch);
        expect(holderGaveUpAt).toBeDefined();
        expect(standbyTookAt).toBeDefined();
        // The lock moved during the standby's last claim: the holder had given up before it was sent.
        expect(holderGaveUpAt!).toBeLessThan(lastClaimSentAt);
        expect(standbyTookAt! - cutAt).toBeLessThan(3 * takeoverAfterMs);
      } finally {
        await partition.close();
      }
    }, 20_000);

    it('given its process stalls for longer than that, then the server has ended its session, and its next claim says it lost the duty', async () => {
      const [holder, standby] = holderAndStandby('lost-customer-sweep');
      expect(await holder.claim()).toBe(true);
      expect(await standby.claim()).toBe(false);
      // The whole process frozen, as by a long pause: no timer, no heartbeat, nothing sent.
      const frozenUntil = Date.now() + 2 * takeoverAfterMs;
      while (Date.now() < frozenUntil);

      expect(await holder.claim()).toBe(false);
      expect(await standby.claim()).toBe(true);
    }, 20_000);

    it('given its process stalls while a check is on its way, past the check’s limit but short of the takeover, then the answer that came meanwhile keeps the duty', async () => {
      const [holder, standby] = holderAndStandby('stalled-check');
      expect(await holder.claim()).toBe(true);
      const check = holder.claim();
      const frozenUntil = Date.now() + takeoverAfterMs * 0.7;
      while (Date.now() < frozenUntil);

      expect(await check).toBe(true);
      expect(await standby.claim()).toBe(false);
    }, 20_000);

    it('given a standby idle between its claims for longer than that, then the server leaves its session alone (only the holder’s is ended when silent)', async () => {
      const [holder, standby] = holderAndStandby('idle-standby');
      expect(await holder.claim()).toBe(true);
      expect(await standby.claim()).toBe(false);
      await sleep(2 * takeoverAfterMs);
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      const { rows } = await admin.query<{ sessions: string }>(
        'SELECT count(*) AS sessions FROM pg_stat_activity WHERE application_name = $1',
        [`engine duty idle-standby pid ${process.pid}`],
      );
      await admin.end();
      expect(Number(rows[0]!.sessions)).toBe(2);
    }, 20_000);

    it('given it is only idle (no stall, no partition), then it keeps the duty well past the takeover time', async () => {
      const [holder, standby] = holderAndStandby('idle-duty');
      expect(await holder.claim()).toBe(true);
      await sleep(3 * takeoverAfterMs);
      expect(holder.holds).toBe(true);
      expect(await standby.claim()).toBe(false);
      expect(await holder.claim()).toBe(true);
    }, 20_000);
  });
});
