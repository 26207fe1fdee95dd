import {
  uuidFromName,
  type Actor,
  type CustomerFact,
  type CustomerFacts,
  type RecordedEvent,
  type WorkflowModule,
} from '../kernel/index.js';
import { ERASED, sealedSubjectsIn, type PersonalDataKeyVault } from '../personal-data/index.js';
import { PERSONAL_DATA_ERASED } from '../workflow-engine/index.js';
import { PhoneFingerprints } from './phone-fingerprint.js';

/** The customer records' tables, which both read models make and drop alike. */
export const CUSTOMER_RECORD_TABLES = [
  'customers_records',
  'customers_names',
  'customers_phones',
  'customers_vehicles',
  'customers_contacts',
] as const;

/** Drops every table of the customer records. */
export const DROP_CUSTOMER_RECORD_TABLES = CUSTOMER_RECORD_TABLES.map(
  (table) => `DROP TABLE IF EXISTS ${table};`,
).join('\n');

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

export interface VehicleRow {
  readonly vin: string;
  readonly customer_id: string | null;
  readonly plate: string | null;
  readonly model: string | null;
  readonly last_visit_at: string | null;
  readonly visit_dealer_id: string | null;
  readonly visit_region_id: string | null;
  readonly lapse_noted_for: string | null;
}

export interface CustomerRecordRow {
  readonly customer_id: string;
  readonly class: string | null;
  /** JSON array of flags, sorted. */
  readonly sensitivity: string;
  readonly responsible_id: string | null;
  readonly responsible_name: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A customer's name and phone as one dealer's latest case stored them (sealed). */
export interface CustomerNameRow {
  readonly customer_id: string;
  readonly dealer_id: string;
  readonly region_id: string | null;
  readonly name: string;
  readonly phone: string;
  readonly updated_at: string;
}

/**
 * The customer records' rows as the decisions read and write them, one row at a time and synchronously:
 * over SQLite each call is a statement; over PostgreSQL the rows a batch can touch are read before it
 * (`touchedCustomerKeys`) and written after it. Names are only written, never read by the decisions.
 */
export interface CustomerRowStore {
  contact(caseId: string): ContactRow | undefined;
  putContact(row: ContactRow): void;
  vehicle(vin: string): VehicleRow | undefined;
  putVehicle(row: VehicleRow): void;
  /** The customer a phone fingerprint named first (the lowest case id among those recorded with it). */
  phoneOwner(fingerprint: string): string | undefined;
  /** Records that a case named this fingerprint for this customer; kept as is when already recorded. */
  addPhone(fingerprint: string, caseId: string, customerId: string): void;
  /** Forgets every fingerprint a case recorded (its personal data was erased). */
  dropPhones(caseId: string): void;
  record(customerId: string): CustomerRecordRow | undefined;
  putRecord(row: CustomerRecordRow): void;
  putName(row: CustomerNameRow): void;
}

/** What a batch can read: the cases it names, the vehicles and fingerprints and customers reached from them. */
export interface TouchedCustomerKeys {
  readonly caseIds: readonly string[];
  readonly vins: readonly string[];
  readonly fingerprints: readonly string[];
  readonly customerIds: readonly string[];
}

/**
 * The decisions of the customer records (customer-records.projection.ts says what they keep), shared by
 * the SQLite and the PostgreSQL read models: the same events through `apply` give the same rows.
 *
 * - A customer is one phone: a keyed fingerprint of the number (`PhoneFingerprints`) finds the record
 *   the number named before, so a lookup by phone needs no number in clear. Name and phone are kept
 *   per dealer as that dealer's latest case stored them, sealed under that case's key: erasing the
 *   case shows `[erased]`, and its fingerprints are dropped when its erasure is recorded.
 * - An event naming only a vehicle (a warranty claim, a follow-up call) joins the vehicle's customer; one
 *   naming another case (a goodwill's complaint, a call's service event) joins that case's.
 * - A visit (a service event) moves the vehicle's last visit, the lost-customer sweep's clock.
 */
export class CustomerRecordDecisions {
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

  /**
   * The keys of every row `apply` can read for these events, given a reader of the stored contacts and
   * vehicles: a vehicle or customer reached within the batch is reached from a stored row or a fact.
   */
  async touchedKeys(
    events: readonly RecordedEvent[],
    stored: {
      contacts(caseIds: readonly string[]): Promise<readonly ContactRow[]>;
      vehicles(vins: readonly string[]): Promise<readonly VehicleRow[]>;
      phoneOwners(fingerprints: readonly string[]): Promise<readonly string[]>;
    },
  ): Promise<TouchedCustomerKeys> {
    const caseIds = new Set<string>();
    const vins = new Set<string>();
    const fingerprints = new Set<string>();
    const customerIds = new Set<string>();
    for (const event of events) {
      const caseId = (event.metadata as { caseId?: string }).caseId;
      const fact = caseId === undefined ? undefined : this.factOf(event);
      if (caseId === undefined || fact === undefined) continue;
      caseIds.add(caseId);
      if (fact.linkedCaseId !== undefined) caseIds.add(fact.linkedCaseId);
      if (fact.vin !== undefined) vins.add(fact.vin);
      if (fact.customerPhone === undefined) continue;
      customerIds.add(newCustomerId(caseId));
      const fingerprint = this.phones.of(fact.customerPhone);
      if (fingerprint !== undefined) fingerprints.add(fingerprint);
    }
    // Erasures drop fingerprints by case: none to read for them.
    const contacts = await stored.contacts([...caseIds]);
    for (const contact of contacts) {
      if (contact.vin !== null) vins.add(contact.vin);
      if (contact.customer_id !== null) customerIds.add(contact.customer_id);
    }
    for (const vehicle of await stored.vehicles([...vins]))
      if (vehicle.customer_id !== null) customerIds.add(vehicle.customer_id);
    for (const owner of await stored.phoneOwners([...fingerprints])) customerIds.add(owner);
    return {
      caseIds: [...caseIds],
      vins: [...vins],
      fingerprints: [...fingerprints],
      customerIds: [...customerIds],
    };
  }

  apply(store: CustomerRowStore, event: RecordedEvent): void {
    const metadata = event.metadata as { caseId?: string; actor?: Actor; occurredAt?: string };
    if (metadata.caseId === undefined) return;
    if (event.type === PERSONAL_DATA_ERASED) {
      store.dropPhones(metadata.caseId);
      return;
    }
    const fact = this.factOf(event);
    if (fact === undefined) return;
    const actor = metadata.actor;
    const occurredAt = instant(fact.occurredAt ?? metadata.occurredAt ?? event.recordedAt);
    const contact = store.contact(metadata.caseId);
    const linked = fact.linkedCaseId !== undefined ? store.contact(fact.linkedCaseId) : undefined;
    const vin = fact.vin ?? contact?.vin ?? linked?.vin ?? null;
    const vehicle = vin !== null ? store.vehicle(vin) : undefined;
    const owner = {
      dealerId: contact?.dealer_id ?? actor?.dealerId ?? linked?.dealer_id ?? '',
      regionId: contact?.region_id ?? actor?.regionId ?? linked?.region_id ?? null,
    };
    const named = this.customerNamed(store, fact, metadata.caseId, occurredAt, owner);
    const customerId = named ?? contact?.customer_id ?? vehicle?.customer_id ?? linked?.customer_id ?? null;
    if (vin !== null) store.putVehicle(vehicleAfter(vin, fact, named, vehicle, occurredAt, owner));
    if (contact === undefined) {
      const caseType = this.caseTypeOf(event) ?? '';
      store.putContact({
        case_id: metadata.caseId,
        case_type: caseType,
        vin,
        customer_id: customerId,
        dealer_id: owner.dealerId,
        region_id: owner.regionId,
        kind: fact.kind ?? caseType,
        occurred_at: occurredAt,
        outcome: fact.outcome ?? null,
      });
    } else if (fact.outcome !== undefined || (contact.customer_id === null && customerId !== null)) {
      store.putContact({
        ...contact,
        outcome: fact.outcome ?? contact.outcome,
        customer_id: contact.customer_id ?? customerId,
      });
    }
    if (customerId !== null) this.noteCustomer(store, customerId, fact, actor, occurredAt);
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
    store: CustomerRowStore,
    fact: CustomerFact,
    caseId: string,
    at: string,
    owner: { dealerId: string; regionId: string | null },
  ): string | undefined {
    if (fact.customerPhone === undefined) return undefined;
    const fingerprint = this.phones.of(fact.customerPhone);
    const known = fingerprint !== undefined ? store.phoneOwner(fingerprint) : undefined;
    const customerId = known ?? newCustomerId(caseId);
    if (fingerprint !== undefined) store.addPhone(fingerprint, caseId, customerId);
    if (store.record(customerId) === undefined)
      store.putRecord({
        customer_id: customerId,
        class: null,
        sensitivity: '[]',
        responsible_id: null,
        responsible_name: null,
        created_at: at,
        updated_at: at,
      });
    // Each dealer keeps what its own latest case recorded: its staff read that one (docs/follow-ups.md).
    store.putName({
      customer_id: customerId,
      dealer_id: owner.dealerId,
      region_id: owner.regionId,
      name: fact.customerName ?? ERASED,
      phone: fact.customerPhone,
      updated_at: at,
    });
    return customerId;
  }

  private noteCustomer(
    store: CustomerRowStore,
    customerId: string,
    fact: CustomerFact,
    actor: Actor | undefined,
    at: string,
  ): void {
    const current = store.record(customerId);
    if (current === undefined) return;
    const sensitivity = [
      ...new Set([...(JSON.parse(current.sensitivity) as string[]), ...(fact.sensitivity ?? [])]),
    ].sort();
    const responsible = fact.responsibleActs === true && actor !== undefined ? actor : undefined;
    store.putRecord({
      ...current,
      class: fact.customerClass ?? current.class,
      sensitivity: JSON.stringify(sensitivity),
      responsible_id: responsible?.id ?? current.responsible_id,
      responsible_name: responsible === undefined ? current.responsible_name : (responsible.name ?? null),
      updated_at: current.updated_at > at ? current.updated_at : at,
    });
  }
}

/** The id of the record a case's phone opens when the number named none before. */
function newCustomerId(caseId: string): string {
  return uuidFromName(JSON.stringify(['customer', caseId]));
}

/** A vehicle after an event naming it: what the event says replaces what was known, the rest stays. */
function vehicleAfter(
  vin: string,
  fact: CustomerFact,
  named: string | undefined,
  vehicle: VehicleRow | undefined,
  at: string,
  owner: { dealerId: string; regionId: string | null },
): VehicleRow {
  const visited = fact.visit === true && (vehicle?.last_visit_at ?? '') <= at;
  const lapseNoted = fact.lapseNoted === true ? (vehicle?.last_visit_at ?? null) : null;
  return {
    vin,
    customer_id: named ?? vehicle?.customer_id ?? null,
    plate: fact.plate ?? vehicle?.plate ?? null,
    model: fact.model ?? vehicle?.model ?? null,
    last_visit_at: visited ? at : (vehicle?.last_visit_at ?? null),
    visit_dealer_id: visited ? owner.dealerId : (vehicle?.visit_dealer_id ?? null),
    visit_region_id: visited ? owner.regionId : (vehicle?.visit_region_id ?? null),
    lapse_noted_for: lapseNoted ?? vehicle?.lapse_noted_for ?? null,
  };
}

/** Business times arrive with their offsets (`…+08:00`); kept in UTC so they compare as text. */
function instant(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}
