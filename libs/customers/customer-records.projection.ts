import type Database from 'better-sqlite3';
import {
  uuidFromName,
  type Actor,
  type CustomerFact,
  type CustomerFacts,
  type RecordedEvent,
  type WorkflowModule,
} from '../kernel/index.js';
import { ERASED, sealedSubjectsIn, type PersonalDataKeyVault } from '../personal-data/index.js';
import { prepared, type Projection } from '../projections/index.js';
import { PERSONAL_DATA_ERASED } from '../workflow-engine/index.js';
import { PhoneFingerprints } from './phone-fingerprint.js';

/** One entry of a customer's contact history: a case that named them or their vehicle. */
export interface ContactRow {
  readonly case_id: string;
  readonly case_type: string;
  readonly vin: string | null;
  readonly customer_id: string | null;
  readonly dealer_id: string;
  readonly region_id: string | null;
  readonly kind: string;
  readonly occurred_at: string;
  readonly outcome: string | null;
}

interface VehicleState {
  readonly customer_id: string | null;
  readonly last_visit_at: string | null;
  readonly lapse_noted_for: string | null;
}

/**
 * The customer records (客户档案, seed 000 「客户档案(资料卡)是反映顾客基本情况的重要资料,在需要时便于查询和调阅」):
 * customers, their vehicles and every case that named them, built from each workflow's `customerFacts`.
 *
 * - A customer is one phone: a keyed fingerprint of the number (`PhoneFingerprints`) finds the record
 *   the number named before, so a lookup by phone needs no number in clear. Name and phone are kept
 *   per dealer as that dealer's latest case stored them, sealed under that case's key: erasing the
 *   case shows `[erased]`, and its fingerprints are dropped when its erasure is recorded.
 * - An event naming only a vehicle (a warranty claim, a follow-up call) joins the vehicle's customer; one
 *   naming another case (a goodwill's complaint, a call's service event) joins that case's.
 * - A visit (a service event) moves the vehicle's last visit, the lost-customer sweep's clock.
 */
export class CustomerRecordsProjection implements Projection {
  readonly name = 'customers';
  readonly version = 1;
  private readonly facts: ReadonlyMap<string, CustomerFacts>;
  private readonly phones: PhoneFingerprints;

  constructor(
    modules: readonly WorkflowModule[],
    private readonly vault: PersonalDataKeyVault | undefined,
  ) {
    this.facts = new Map(
      modules.flatMap((module) =>
        module.customerFacts !== undefined ? [[module.caseType, module.customerFacts] as const] : [],
      ),
    );
    this.phones = new PhoneFingerprints(vault);
  }

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS customers_records (
        customer_id TEXT PRIMARY KEY,
        class TEXT,
        sensitivity TEXT NOT NULL DEFAULT '[]',
        responsible_id TEXT,
        responsible_name TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS customers_names (
        customer_id TEXT NOT NULL,
        dealer_id TEXT NOT NULL,
        region_id TEXT,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (customer_id, dealer_id)
      );
      CREATE TABLE IF NOT EXISTS customers_phones (
        fingerprint TEXT NOT NULL,
        case_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        PRIMARY KEY (fingerprint, case_id)
      );
      CREATE INDEX IF NOT EXISTS customers_phones_case ON customers_phones (case_id);
      CREATE TABLE IF NOT EXISTS customers_vehicles (
        vin TEXT PRIMARY KEY,
        customer_id TEXT,
        plate TEXT,
        model TEXT,
        last_visit_at TEXT,
        visit_dealer_id TEXT,
        visit_region_id TEXT,
        lapse_noted_for TEXT
      );
      CREATE INDEX IF NOT EXISTS customers_vehicles_customer ON customers_vehicles (customer_id);
      CREATE INDEX IF NOT EXISTS customers_vehicles_visit ON customers_vehicles (last_visit_at);
      CREATE TABLE IF NOT EXISTS customers_contacts (
        case_id TEXT PRIMARY KEY,
        case_type TEXT NOT NULL,
        vin TEXT,
        customer_id TEXT,
        dealer_id TEXT NOT NULL,
        region_id TEXT,
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        outcome TEXT
      );
      CREATE INDEX IF NOT EXISTS customers_contacts_customer ON customers_contacts (customer_id, occurred_at);
      CREATE INDEX IF NOT EXISTS customers_contacts_vin ON customers_contacts (vin, occurred_at);
    `);
  }

  teardown(db: Database.Database): void {
    db.exec(`
      DROP TABLE IF EXISTS customers_records;
      DROP TABLE IF EXISTS customers_names;
      DROP TABLE IF EXISTS customers_phones;
      DROP TABLE IF EXISTS customers_vehicles;
      DROP TABLE IF EXISTS customers_contacts;
    `);
  }

  /** Fetches the keys the batch's phones are opened with, and the lookup key (one round trip each). */
  async prepare(events: readonly RecordedEvent[]): Promise<void> {
    if (this.vault === undefined) return;
    const subjects = new Set<string>();
    for (const event of events) {
      if (this.factOf(event)?.customerPhone !== undefined) sealedSubjectsIn(event.data, subjects);
    }
    if (subjects.size === 0) return;
    await this.phones.prepare();
    await this.vault.load(subjects);
  }

  apply(db: Database.Database, event: RecordedEvent): void {
    const metadata = event.metadata as { caseId?: string; actor?: Actor; occurredAt?: string };
    if (metadata.caseId === undefined) return;
    if (event.type === PERSONAL_DATA_ERASED) {
      prepared(db, 'DELETE FROM customers_phones WHERE case_id = ?').run(metadata.caseId);
      return;
    }
    const fact = this.factOf(event);
    if (fact === undefined) return;
    const actor = metadata.actor;
    const occurredAt = instant(fact.occurredAt ?? metadata.occurredAt ?? event.recordedAt);
    const contact = prepared<[string], ContactRow>(
      db,
      'SELECT * FROM customers_contacts WHERE case_id = ?',
    ).get(metadata.caseId);
    const linked =
      fact.linkedCaseId !== undefined
        ? prepared<[string], ContactRow>(db, 'SELECT * FROM customers_contacts WHERE case_id = ?').get(
            fact.linkedCaseId,
          )
        : undefined;
    const vin = fact.vin ?? contact?.vin ?? linked?.vin ?? null;
    const vehicle =
      vin !== null
        ? prepared<[string], VehicleState>(db, 'SELECT * FROM customers_vehicles WHERE vin = ?').get(vin)
        : undefined;
    const dealerId = contact?.dealer_id ?? actor?.dealerId ?? linked?.dealer_id ?? '';
    const regionId = contact?.region_id ?? actor?.regionId ?? linked?.region_id ?? null;
    const named = this.customerNamed(db, fact, metadata.caseId, occurredAt, { dealerId, regionId });
    const customerId = named ?? contact?.customer_id ?? vehicle?.customer_id ?? linked?.customer_id ?? null;
    if (vin !== null) this.noteVehicle(db, vin, fact, named, vehicle, occurredAt, { dealerId, regionId });
    if (contact === undefined) {
      prepared(
        db,
        `INSERT INTO customers_contacts
           (case_id, case_type, vin, customer_id, dealer_id, region_id, kind, occurred_at, outcome)
         VALUES (@caseId, @caseType, @vin, @customerId, @dealerId, @regionId, @kind, @occurredAt, @outcome)`,
      ).run({
        caseId: metadata.caseId,
        caseType: this.caseTypeOf(event) ?? '',
        vin,
        customerId,
        dealerId,
        regionId,
        kind: fact.kind ?? this.caseTypeOf(event) ?? '',
        occurredAt,
        outcome: fact.outcome ?? null,
      });
    } else if (fact.outcome !== undefined || (contact.customer_id === null && customerId !== null)) {
      prepared(
        db,
        `UPDATE customers_contacts SET outcome = COALESCE(?, outcome), customer_id = COALESCE(customer_id, ?)
         WHERE case_id = ?`,
      ).run(fact.outcome ?? null, customerId, metadata.caseId);
    }
    if (customerId !== null) this.noteCustomer(db, customerId, fact, actor, occurredAt);
  }

  private caseTypeOf(event: RecordedEvent): string | undefined {
    return (event.metadata as { caseType?: string }).caseType;
  }

  private factOf(event: RecordedEvent): CustomerFact | undefined {
    const caseType = this.caseTypeOf(event);
    const facts = caseType !== undefined ? this.facts.get(caseType) : undefined;
    const fact = facts?.[event.type];
    if (fact === undefined) return undefined;
    const data = event.data;
    return fact(data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {});
  }

  /**
   * The customer an event names by phone: the record the number named before, or a new one (its id
   * derived from the case, so a rebuild gives the same ids). A number that no longer opens (erased) names
   * a record of its own, which nothing else can find.
   */
  private customerNamed(
    db: Database.Database,
    fact: CustomerFact,
    caseId: string,
    at: string,
    owner: { dealerId: string; regionId: string | null },
  ): string | undefined {
    if (fact.customerPhone === undefined) return undefined;
    const fingerprint = this.phones.of(fact.customerPhone);
    const known =
      fingerprint !== undefined
        ? prepared<[string], { customer_id: string }>(
            db,
            'SELECT customer_id FROM customers_phones WHERE fingerprint = ? LIMIT 1',
          ).get(fingerprint)?.customer_id
        : undefined;
    const customerId = known ?? uuidFromName(JSON.stringify(['customer', caseId]));
    if (fingerprint !== undefined)
      prepared(
        db,
        'INSERT OR IGNORE INTO customers_phones (fingerprint, case_id, customer_id) VALUES (?, ?, ?)',
      ).run(fingerprint, caseId, customerId);
    prepared(
      db,
      `INSERT INTO customers_records (customer_id, created_at, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (customer_id) DO NOTHING`,
    ).run(customerId, at, at);
    // Each dealer keeps what its own latest case recorded: its staff read that one (docs/follow-ups.md).
    prepared(
      db,
      `INSERT INTO customers_names (customer_id, dealer_id, region_id, name, phone, updated_at)
       VALUES (@customerId, @dealerId, @regionId, @name, @phone, @at)
       ON CONFLICT (customer_id, dealer_id) DO UPDATE SET region_id = excluded.region_id,
         name = excluded.name, phone = excluded.phone, updated_at = excluded.updated_at`,
    ).run({
      customerId,
      name: fact.customerName ?? ERASED,
      phone: fact.customerPhone,
      dealerId: owner.dealerId,
      regionId: owner.regionId,
      at,
    });
    return customerId;
  }

  private noteVehicle(
    db: Database.Database,
    vin: string,
    fact: CustomerFact,
    named: string | undefined,
    vehicle: VehicleState | undefined,
    at: string,
    owner: { dealerId: string; regionId: string | null },
  ): void {
    const visited = fact.visit === true && (vehicle?.last_visit_at ?? '') <= at;
    prepared(
      db,
      `INSERT INTO customers_vehicles (vin, customer_id, plate, model, last_visit_at, visit_dealer_id, visit_region_id, lapse_noted_for)
       VALUES (@vin, @customerId, @plate, @model, @visitAt, @visitDealer, @visitRegion, @lapseNoted)
       ON CONFLICT (vin) DO UPDATE SET
         customer_id = COALESCE(@named, customer_id),
         plate = COALESCE(excluded.plate, plate),
         model = COALESCE(excluded.model, model),
         last_visit_at = COALESCE(excluded.last_visit_at, last_visit_at),
         visit_dealer_id = COALESCE(excluded.visit_dealer_id, visit_dealer_id),
         visit_region_id = CASE WHEN excluded.last_visit_at IS NULL THEN visit_region_id ELSE excluded.visit_region_id END,
         lapse_noted_for = COALESCE(excluded.lapse_noted_for, lapse_noted_for)`,
    ).run({
      vin,
      customerId: named ?? null,
      named: named ?? null,
      plate: fact.plate ?? null,
      model: fact.model ?? null,
      visitAt: visited ? at : null,
      visitDealer: visited ? owner.dealerId : null,
      visitRegion: visited ? owner.regionId : null,
      lapseNoted: fact.lapseNoted === true ? (vehicle?.last_visit_at ?? null) : null,
    });
  }

  private noteCustomer(
    db: Database.Database,
    customerId: string,
    fact: CustomerFact,
    actor: Actor | undefined,
    at: string,
  ): void {
    const current = prepared<[string], { sensitivity: string }>(
      db,
      'SELECT sensitivity FROM customers_records WHERE customer_id = ?',
    ).get(customerId);
    if (current === undefined) return;
    const sensitivity = [
      ...new Set([...(JSON.parse(current.sensitivity) as string[]), ...(fact.sensitivity ?? [])]),
    ].sort();
    const responsible = fact.responsibleActs === true && actor !== undefined ? actor : undefined;
    prepared(
      db,
      `UPDATE customers_records SET
         class = COALESCE(@class, class),
         sensitivity = @sensitivity,
         responsible_id = COALESCE(@responsibleId, responsible_id),
         responsible_name = CASE WHEN @responsibleId IS NULL THEN responsible_name ELSE @responsibleName END,
         updated_at = MAX(updated_at, @at)
       WHERE customer_id = @customerId`,
    ).run({
      customerId,
      class: fact.customerClass ?? null,
      sensitivity: JSON.stringify(sensitivity),
      responsibleId: responsible?.id ?? null,
      responsibleName: responsible?.name ?? null,
      at,
    });
  }
}

/** Business times arrive with their offsets (`…+08:00`); kept in UTC so they compare as text. */
function instant(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}
