import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { PostgresAdvisoryDuty } from './postgres-advisory-duty.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL duty specs skipped: ${target.skip}`);

describeWithServer('a duty exactly one node performs (PostgreSQL advisory lock)', () => {
  const database = target as PostgresDatabase;
  const duties: PostgresAdvisoryDuty[] = [];
  const node = (name = 'sla-sweeper'): PostgresAdvisoryDuty => {
    const duty = new PostgresAdvisoryDuty(database.url, name);
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
});
