import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { PostgresEventStore, postgresPool } from '../../event-store/index.js';
import { textAt, type Actor, type WorkflowModule } from '../../kernel/index.js';
import { PersonalDataVault } from '../../personal-data/index.js';
import { ProjectionRunner, PostgresProjectionRunner } from '../../projections/index.js';
import { startPostgres, type PostgresDatabase } from '../../testing/index.js';
import { PERSONAL_DATA_ERASED } from '../../workflow-engine/index.js';
import { CustomerRecordQueries } from '../customer-record-queries.js';
import { CustomerRecordsProjection } from '../customer-records.projection.js';
import { CUSTOMER_RECORD_TABLES } from '../customer-rows.js';
import { SqliteLostCustomerReads } from '../lost-customer-reads.js';
import { PhoneFingerprints } from '../phone-fingerprint.js';
import { PostgresCustomerRecordQueries } from './postgres-customer-record-queries.js';
import { PostgresCustomerRecordsProjection } from './postgres-customer-records.projection.js';
import { PostgresLostCustomerReads } from './postgres-lost-customer-reads.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`PostgreSQL customer records specs skipped: ${target.skip}`);

/** Made-up workflows declaring customer facts as modules do: a visit, a claim naming a car, a call for a visit. */
const modules = [
  {
    caseType: 'visit',
    customerFacts: {
      Visited: (data: Readonly<Record<string, unknown>>) => ({
        vin: textAt(data, 'vin'),
        plate: textAt(data, 'plate'),
        model: textAt(data, 'model'),
        customerName: textAt(data, 'name'),
        customerPhone: textAt(data, 'phone'),
        customerClass: textAt(data, 'class'),
        sensitivity: data.media === true ? ['media'] : [],
        occurredAt: textAt(data, 'at'),
        visit: true,
      }),
      CallbackNoted: (data: Readonly<Record<string, unknown>>) => ({
        vin: textAt(data, 'vin'),
        lapseNoted: true,
      }),
    },
  },
  {
    caseType: 'claim',
    customerFacts: {
      Claimed: (data: Readonly<Record<string, unknown>>) => ({ vin: textAt(data, 'vin'), kind: 'warranty' }),
      Decided: (data: Readonly<Record<string, unknown>>) => ({ outcome: textAt(data, 'decision') }),
    },
  },
  {
    caseType: 'call',
    customerFacts: {
      CallScheduled: (data: Readonly<Record<string, unknown>>) => ({ linkedCaseId: textAt(data, 'visitId') }),
      CallCompleted: (data: Readonly<Record<string, unknown>>) => ({
        outcome: textAt(data, 'satisfaction'),
        responsibleActs: true,
      }),
    },
  },
] as unknown as WorkflowModule[];

const DEALERS = [
  { dealerId: 'D001', regionId: 'R01' },
  { dealerId: 'D002', regionId: 'R02' },
  { dealerId: 'D003', regionId: 'R01' },
] as const;
const staffOf = (n: number): Actor => ({
  id: `cs-${n % 4}`,
  name: `客服${n % 4}`,
  roles: ['customer_service'],
  ...DEALERS[n % 3]!,
});
const readers: Record<string, Actor> = {
  'dealer staff of D001': staffOf(0),
  'dealer staff of D002': staffOf(1),
  'dealer staff without a dealer': { id: 'x', roles: ['customer_service'] },
  'regional OEM staff of R01': { id: 'r', roles: ['oem_claims'], regionId: 'R01' },
  'a national auditor': { id: 'a', roles: ['auditor'] },
};
const vinOf = (n: number) => `LSVAU2180N21${String(83000 + n)}`;
const phoneOf = (n: number) => `138001380${String(n % 7).padStart(2, '0')}`;
const ORDER: Record<string, string> = {
  customers_records: 'customer_id',
  customers_names: 'customer_id, dealer_id',
  customers_phones: 'fingerprint, case_id',
  customers_vehicles: 'vin',
  customers_contacts: 'case_id',
};

describeWithServer('the customer records in PostgreSQL answer what the SQLite ones answer', () => {
  const database = target as PostgresDatabase;
  let dir: string;
  let vault: PersonalDataVault;
  let store: PostgresEventStore;
  let db: Database.Database;
  let sqliteRunner: ProjectionRunner;
  let runner: PostgresProjectionRunner;
  let pool: pg.Pool;
  let sqlite: CustomerRecordQueries;
  let postgres: PostgresCustomerRecordQueries;
  let minute = 0;
  const customerIds = new Set<string>();

  const record = async (caseType: string, caseId: string, type: string, data: object, actor: Actor) => {
    minute += 1;
    await store.append(
      `${caseType}-${caseId}`,
      [
        {
          eventId: randomUUID(),
          type,
          data,
          metadata: {
            caseType,
            caseId,
            actor,
            occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
          },
        },
      ],
      'any',
    );
  };
  const catchUp = async () => {
    await sqliteRunner.catchUp();
    await runner.catchUp();
  };
  const caseState = (caseId: string, state: string, final: number) => {
    db.prepare('INSERT OR REPLACE INTO cases_list VALUES (?, ?, ?)').run(caseId, state, final);
    return pool.query(
      `INSERT INTO cases_list VALUES ($1, $2, $3) ON CONFLICT (case_id) DO UPDATE SET state = $2, final = $3`,
      [caseId, state, final],
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-customers-'));
    vault = new PersonalDataVault(join(dir, 'personal-data.sqlite'));
    store = await PostgresEventStore.open({ connectionString: database.url });
    db = new Database(':memory:');
    // The states the records show come from the cases list; only these columns are read.
    db.exec('CREATE TABLE cases_list (case_id TEXT PRIMARY KEY, state TEXT, final INTEGER)');
    sqliteRunner = new ProjectionRunner(store, db, [new CustomerRecordsProjection(modules, vault)]);
    runner = await PostgresProjectionRunner.open(
      store,
      [new PostgresCustomerRecordsProjection(modules, vault)],
      {
        connectionString: database.url,
        batchSize: 7,
      },
    );
    pool = postgresPool({ connectionString: database.url, max: 2 });
    await pool.query(
      'CREATE TABLE cases_list (case_id text COLLATE "C" PRIMARY KEY, state text, final integer)',
    );
    sqlite = new CustomerRecordQueries(db, new PhoneFingerprints(vault));
    postgres = new PostgresCustomerRecordQueries(pool, new PhoneFingerprints(vault));

    // Given 30 visits of three dealers by 7 phone numbers and 12 vehicles, some told in local time, one
    // older than the visit before it, some to the press; claims naming only a vehicle, decided; calls
    // scheduled for visits and completed by different staff; and callbacks noted for lapses.
    for (let n = 0; n < 30; n++) {
      const caseId = `v${String(n).padStart(2, '0')}`;
      await record(
        'visit',
        caseId,
        'Visited',
        {
          vin: vinOf(n % 12),
          ...(n % 4 === 0 ? { plate: `京A${n}`, model: n % 8 === 0 ? 'Lavida' : 'Passat' } : {}),
          name: vault.seal(caseId, `客户${n % 7}`),
          ...(n % 9 !== 5 ? { phone: vault.seal(caseId, phoneOf(n)) } : {}),
          class: ['A', 'B', 'C'][n % 3],
          media: n % 10 === 3,
          at:
            n === 17
              ? '2025-06-01T09:00:00+08:00'
              : `2025-${String(1 + (n % 12)).padStart(2, '0')}-15T10:00:00+08:00`,
        },
        staffOf(n),
      );
      await caseState(caseId, n % 3 === 0 ? 'closed' : 'open', n % 3 === 0 ? 1 : 0);
    }
    for (let n = 0; n < 8; n++) {
      const claimId = `k${n}`;
      await record('claim', claimId, 'Claimed', { vin: vinOf(n + 5) }, staffOf(n + 1));
      if (n % 2 === 0) await record('claim', claimId, 'Decided', { decision: 'approved' }, staffOf(n + 1));
      const callId = `c${n}`;
      await record(
        'call',
        callId,
        'CallScheduled',
        { visitId: `v${String(n * 3).padStart(2, '0')}` },
        staffOf(n),
      );
      if (n % 3 !== 2)
        await record('call', callId, 'CallCompleted', { satisfaction: 'satisfied' }, staffOf(n + 2));
    }
    for (const n of [2, 7]) await record('visit', `cb${n}`, 'CallbackNoted', { vin: vinOf(n) }, staffOf(n));
    await catchUp();
    // And then one case's personal data erased, and its number named again by a later visit.
    vault.erase('v04');
    await record('visit', 'v04', PERSONAL_DATA_ERASED, {}, staffOf(4));
    await record(
      'visit',
      'v30',
      'Visited',
      {
        vin: vinOf(4),
        name: vault.seal('v30', '客户4'),
        phone: vault.seal('v30', phoneOf(4)),
        at: '2026-01-02T08:00:00Z',
      },
      staffOf(1),
    );
    await catchUp();
    for (const row of db.prepare('SELECT customer_id FROM customers_records').all() as {
      customer_id: string;
    }[])
      customerIds.add(row.customer_id);
  }, 60_000);
  afterAll(async () => {
    await runner?.close();
    await pool?.end();
    await store?.close();
    db?.close();
    vault?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.stop();
  });

  it('then every row of every table is the same, column by column', async () => {
    for (const table of CUSTOMER_RECORD_TABLES) {
      const { rows } = await pool.query(`SELECT * FROM ${table} ORDER BY ${ORDER[table]}`);
      expect(rows).toEqual(db.prepare(`SELECT * FROM ${table} ORDER BY ${ORDER[table]}`).all());
    }
  });

  describe.each(Object.entries(readers))('for %s', (_, actor) => {
    it('when finding by each vehicle, then the same records', async () => {
      for (let n = 0; n < 13; n++) {
        const query = { vin: vinOf(n) };
        expect(await postgres.find(actor, query)).toEqual(await sqlite.find(actor, query));
      }
    });

    it('when finding by each phone number (typed with a country code too), then the same records', async () => {
      for (let n = 0; n < 8; n++) {
        for (const phone of [phoneOf(n), `+86 ${phoneOf(n)}`]) {
          expect(await postgres.find(actor, { phone })).toEqual(await sqlite.find(actor, { phone }));
        }
      }
    });

    it('when reading each record by id, then the same record', async () => {
      for (const customerId of [...customerIds, 'no-such-customer']) {
        expect(await postgres.get(actor, customerId)).toEqual(sqlite.get(actor, customerId));
      }
    });
  });

  it('when the lost-customer sweep reads lapses and names, then the same rows', async () => {
    const [fromSqlite, fromPostgres] = [new SqliteLostCustomerReads(db), new PostgresLostCustomerReads(pool)];
    for (const cutoff of ['2025-03-01T00:00:00.000Z', '2025-08-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z'])
      for (const limit of [3, 100])
        expect(await fromPostgres.lapsed(cutoff, limit)).toEqual(await fromSqlite.lapsed(cutoff, limit));
    for (const customerId of customerIds)
      for (const { dealerId } of [...DEALERS, { dealerId: 'D999' }])
        expect(await fromPostgres.nameOf(customerId, dealerId)).toEqual(
          await fromSqlite.nameOf(customerId, dealerId),
        );
  });

  it('and the answers say something: records shared by dealers, histories with calls and claims, lapses noted and not', async () => {
    const oem = readers['a national auditor']!;
    const [byPhone] = await postgres.find(oem, { phone: phoneOf(1) });
    expect(new Set(byPhone!.history.map((contact) => contact.dealerId)).size).toBeGreaterThan(1);
    const [byVin] = await postgres.find(oem, { vin: vinOf(6) });
    expect(byVin!.history.map((contact) => contact.caseType)).toEqual(
      expect.arrayContaining(['claim', 'call']),
    );
    expect(byVin!.responsible).not.toBeNull();
    const lapsed = await new PostgresLostCustomerReads(pool).lapsed('2026-12-31T00:00:00.000Z', 100);
    expect(lapsed.length).toBeGreaterThan(0);
    expect(lapsed.length).toBeLessThan(12);
    expect(await postgres.find(readers['dealer staff without a dealer']!, { vin: vinOf(0) })).toEqual([]);
  });
});
