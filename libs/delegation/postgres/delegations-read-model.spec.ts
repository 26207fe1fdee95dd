import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { PostgresEventStore, postgresPool } from '../../event-store/index.js';
import { FixedClock, type Actor, type CaseOwner } from '../../kernel/index.js';
import { PostgresProjectionRunner, ProjectionRunner } from '../../projections/index.js';
import { closeInOrder, startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { DelegationBook } from '../delegation-book.js';
import { SqliteDelegationReads } from '../delegation-reads.js';
import { DelegationQueries, DelegationsProjection } from '../delegations.projection.js';
import { PostgresDelegationQueries } from './postgres-delegation-queries.js';
import { PostgresDelegationsProjection } from './postgres-delegations.projection.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL delegations read model specs skipped: ${target.skip}`);

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(START + ms).toISOString();

const [guo, song, lin, gm, zhao] = [
  { id: 'guo.rsm', name: '郭经理', roles: ['regional_service_manager'], regionId: 'R01' },
  { id: 'song.rsm', roles: ['regional_service_manager'], regionId: 'R02' },
  { id: 'lin.rep', roles: ['oem_aftersales_rep', 'oem_claims'], regionId: 'R01' },
  { id: 'ma.gm', roles: ['oem_general_manager'] },
  { id: 'zhao.pl', roles: ['product_liability', 'regional_service_staff'], regionId: 'R02' },
] as Actor[] as [Actor, Actor, Actor, Actor, Actor];
/** Approvers in two regions and without one, each lending OEM roles. */
const approvers = [guo, song, lin, gm, zhao];
const [qin, wu, he] = [
  { id: 'qin.deputy', name: '秦', roles: ['regional_service_staff'], regionId: 'R01' },
  { id: 'wu.deputy', roles: ['regional_service_staff'], regionId: 'R02' },
  { id: 'he.staff', roles: ['field_service_rep'] },
] as Actor[] as [Actor, Actor, Actor];
/** Delegates: colleagues without the lent roles, one of them an approver too. */
const delegates = [qin, wu, he, gm];
/** Who declares an absence with whom, in turn. */
const PAIRS: [Actor, Actor][] = [
  [guo, qin],
  [song, wu],
  [lin, gm],
  [gm, he],
  [zhao, wu],
  [guo, he],
  [lin, qin],
];
const auditors: Record<string, Actor> = {
  'an auditor': { id: 'deng.audit', roles: ['auditor'] },
  'an auditor of R01': { id: 'fu.audit', roles: ['auditor'], regionId: 'R01' },
  'an auditor of R09': { id: 'li.audit', roles: ['auditor'], regionId: 'R09' },
};
const people = [...approvers, qin, wu, he, { id: 'nobody', roles: [] } as Actor];
const OWNERS: CaseOwner[] = [
  { dealerId: 'D001', regionId: 'R01' },
  { dealerId: 'D002', regionId: 'R02' },
  { dealerId: 'D003' },
];
/** Instants across the declarations' periods: before most begin, during, and after most ended. */
const INSTANTS = [at(0), at(3 * DAY + HOUR), at(9 * DAY), at(20 * DAY), at(60 * DAY)];

describeWithServer('the delegations read model in PostgreSQL answers what the SQLite one answers', () => {
  const database = target as PostgresDatabase;
  const clock = new FixedClock(at(0));
  let store: PostgresEventStore;
  let sqlite: Database.Database;
  let runner: PostgresProjectionRunner;
  let sqliteRunner: ProjectionRunner;
  let pool: pg.Pool;
  let postgres: PostgresDelegationQueries;
  let sqliteQueries: DelegationQueries;
  let sqliteBook: DelegationBook;
  let postgresBook: DelegationBook;

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: database.url });
    sqlite = new Database(':memory:');
    sqliteQueries = new DelegationQueries(sqlite);
    pool = postgresPool({ connectionString: database.url, max: 2 });
    postgres = new PostgresDelegationQueries(pool);
    sqliteBook = new DelegationBook(store, new SqliteDelegationReads(sqlite), clock);
    postgresBook = new DelegationBook(store, postgres, clock);
    // Given 30 absences declared five hours apart, each approver to a colleague in turn, periods of 1 to
    // 12 days starting up to six days ahead, a third of them revoked (before they began or during).
    const declared: { id: string; delegator: Actor }[] = [];
    for (let n = 0; n < 30; n += 1) {
      clock.set(at(n * 5 * HOUR));
      const [delegator, delegate] = PAIRS[n % PAIRS.length]!;
      const from = START + n * 5 * HOUR + ((n * 13) % 7) * DAY - 2 * HOUR;
      const view = await sqliteBook.declare(delegator, {
        delegateId: delegate.id,
        ...(delegate.name !== undefined ? { delegateName: delegate.name } : {}),
        from: new Date(from).toISOString(),
        until: new Date(from + (1 + (n % 12)) * DAY).toISOString(),
        ...(n % 4 === 0 ? { reason: `年假 ${n}` } : {}),
      });
      declared.push({ id: view.delegation.id, delegator });
      if (n % 3 === 2) {
        const revoked = declared[n - (n % 6 === 2 ? 0 : 1)]!;
        clock.set(at(n * 5 * HOUR + HOUR));
        await sqliteBook.revoke(revoked.delegator, revoked.id, n % 2 === 0 ? { reason: '提前返岗' } : {});
      }
    }
    // The SQLite read model applies the log as a node does; PostgreSQL's in batches of 3, so a revocation
    // lands in its declaration's batch or in a later one.
    sqliteRunner = new ProjectionRunner(store, sqlite, [new DelegationsProjection()]);
    await sqliteRunner.catchUp();
    runner = await PostgresProjectionRunner.open(store, [new PostgresDelegationsProjection()], {
      connectionString: database.url,
      batchSize: 3,
    });
    await runner.catchUp();
    clock.set(at(3 * DAY + HOUR));
  }, 60_000);
  afterAll(() => closeInOrder(runner, pool, store, sqlite, database));

  it('then every row is the same, column by column', async () => {
    const { rows } = await pool.query('SELECT * FROM delegations ORDER BY delegation_id');
    const expected = sqlite.prepare('SELECT * FROM delegations ORDER BY delegation_id').all();
    expect(expected).toHaveLength(30);
    expect(rows.map((row: Record<string, unknown>) => ({ ...row, position: Number(row.position) }))).toEqual(
      expected,
    );
  });

  it.each(INSTANTS)(
    'when reading the delegations open to each person at %s, then the same ones',
    async (now) => {
      const head = await store.headPosition();
      for (const person of people) {
        expect(await postgres.openTo(person.id, now)).toEqual(sqliteQueries.openTo(person.id, now));
        const withPosition = await postgres.openToWithPosition(person.id, now);
        expect(withPosition).toEqual(sqliteQueries.openToWithPosition(person.id, now));
        expect(withPosition.position).toBe(head);
      }
    },
  );

  it('when listing the delegations involving each person, then the same, newest first', async () => {
    for (const person of people) {
      for (const limit of [1, 3, 100]) {
        expect(await postgres.involving(person.id, limit)).toEqual(sqliteQueries.involving(person.id, limit));
      }
    }
  });

  it.each([undefined, 'R01', 'R02', 'R09'])(
    'when listing every delegation of region %s, then the same',
    async (regionId) => {
      for (const limit of [2, 100]) {
        expect(await postgres.all(regionId, limit)).toEqual(sqliteQueries.all(regionId, limit));
      }
    },
  );

  it.each(Object.entries(auditors))(
    'when %s lists through the book, then the same views',
    async (_, auditor) => {
      expect(await postgresBook.list(auditor, 100)).toEqual(await sqliteBook.list(auditor, 100));
    },
  );

  it.each(INSTANTS)('when each delegate asks how they may act at %s, then the same answers', async (now) => {
    for (const person of [...delegates, ...people]) {
      expect(await postgresBook.list(person, 100)).toEqual(await sqliteBook.list(person, 100));
      expect(await postgresBook.openTo(person, now)).toEqual(await sqliteBook.openTo(person, now));
      for (const owner of OWNERS) {
        expect(await postgresBook.actingForNow(person, owner, now)).toEqual(
          await sqliteBook.actingForNow(person, owner, now),
        );
        expect(await postgresBook.actingFor(person, owner, now)).toEqual(
          await sqliteBook.actingFor(person, owner, now),
        );
      }
    }
  });

  it('and the answers say something: every status occurs, and delegates act for someone', async () => {
    const statuses = (await postgresBook.list(auditors['an auditor']!, 100)).map((view) => view.status);
    expect(new Set(statuses)).toEqual(new Set(['active', 'scheduled', 'ended', 'revoked']));
    const acting = await Promise.all(
      delegates.flatMap((delegate) =>
        OWNERS.map((owner) => postgresBook.actingFor(delegate, owner, at(3 * DAY + HOUR))),
      ),
    );
    expect(acting.flat().length).toBeGreaterThan(0);
    expect(await postgres.all('R02', 100)).not.toHaveLength(0);
  });

  describe('when a delegation is revoked and another declared after the read models applied the log', () => {
    const now = at(3 * DAY + 2 * HOUR);
    const delegate = qin;
    let revokedId: string;
    let declaredId: string;
    beforeAll(async () => {
      clock.set(now);
      const [active] = (await postgresBook.openTo(delegate, now)).filter(
        (delegation) => delegation.revoked === undefined,
      );
      revokedId = active!.id;
      const delegator = approvers.find((approver) => approver.id === active!.delegator.id)!;
      await postgresBook.revoke(delegator, revokedId);
      declaredId = (
        await postgresBook.declare(lin, {
          delegateId: delegate.id,
          from: now,
          until: at(5 * DAY),
        })
      ).delegation.id;
    });

    it('then the read models do not show it yet, and tell the position they stand at', async () => {
      const read = await postgres.openToWithPosition(delegate.id, now);
      expect(read.position).toBeLessThan(await store.headPosition());
      expect(read.delegations.map((d) => d.id)).toContain(revokedId);
      expect(read.delegations.map((d) => d.id)).not.toContain(declaredId);
      expect(read).toEqual(sqliteQueries.openToWithPosition(delegate.id, now));
    });

    it('then the engine still decides on both: the revoked one lends nothing, the new one does', async () => {
      for (const owner of OWNERS) {
        const acting = await postgresBook.actingFor(delegate, owner, now);
        expect(acting).toEqual(await sqliteBook.actingFor(delegate, owner, now));
        const ids = acting.map((delegated) => delegated.onBehalfOf.delegationId);
        expect(ids).not.toContain(revokedId);
        if (owner.regionId === 'R01') expect(ids).toContain(declaredId);
      }
    });

    it('then, once both apply the log, they answer the same rows again', async () => {
      await sqliteRunner.catchUp();
      await runner.catchUp();
      const read = await postgres.openToWithPosition(delegate.id, now);
      expect(read.position).toBe(await store.headPosition());
      expect(read.delegations.map((d) => d.id)).toContain(declaredId);
      expect(read.delegations.map((d) => d.id)).not.toContain(revokedId);
      expect(read).toEqual(sqliteQueries.openToWithPosition(delegate.id, now));
    });
  });
});
