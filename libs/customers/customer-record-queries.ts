import type Database from 'better-sqlite3';
import { seesPersonalData } from '../auth/index.js';
import { readScopeOf, type Actor, type CaseOwner } from '../kernel/index.js';
import { prepared, readScopeClause } from '../projections/index.js';
import type { ContactRow } from './customer-records.projection.js';
import type { PhoneFingerprints } from './phone-fingerprint.js';

/** A customer record as stored: name and phone still sealed (the reader's disclosure opens or masks them). */
export interface CustomerRecord {
  readonly id: string;
  /**
   * The dealer whose latest case gave the name and phone shown: the reader's own when they deal with the
   * customer there, else the latest in their scope. Its key seals them; the disclosure rule masks them
   * for a reader who does not deal with that dealer's customers.
   */
  readonly owner: CaseOwner;
  readonly name: string | null;
  readonly phone: string | null;
  /** A/B/C as the dealer classified the customer (seed 000 表7-2), the latest reported. */
  readonly class: string | null;
  readonly sensitivity: readonly string[];
  /** 专人负责: the person who last completed a follow-up call with the customer. */
  readonly responsible: { readonly id: string; readonly name?: string } | null;
  readonly vehicles: readonly {
    readonly vin: string;
    readonly plate: string | null;
    readonly model: string | null;
    readonly lastVisitAt: string | null;
  }[];
  /** Every case in the reader's scope that named the customer or one of their vehicles, newest first. */
  readonly history: readonly CustomerContact[];
  /** The cases of the history that are not finished yet. */
  readonly openCases: readonly CustomerContact[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomerContact {
  readonly caseType: string;
  readonly caseId: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly outcome: string | null;
  readonly state: string | null;
  readonly open: boolean;
  readonly dealerId: string;
  readonly vin: string | null;
}

interface NameRow {
  readonly dealer_id: string;
  readonly region_id: string | null;
  readonly name: string;
  readonly phone: string;
}

interface RecordRow {
  readonly customer_id: string;
  readonly class: string | null;
  readonly sensitivity: string;
  readonly responsible_id: string | null;
  readonly responsible_name: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

const MAX_FOUND = 50;
const MAX_HISTORY = 500;

/**
 * Reads of the customer records, always within the reader's scope (`readScopeOf`, as every list): a record
 * is found when one of its cases is in scope, and shows only the cases, and vehicles, in scope.
 */
export class CustomerRecordQueries {
  constructor(
    private readonly db: Database.Database,
    private readonly phones: PhoneFingerprints,
  ) {}

  /** The records naming this vehicle or this phone number, in the reader's scope. */
  async find(actor: Actor, query: { vin?: string; phone?: string }): Promise<CustomerRecord[]> {
    const ids = new Set<string>();
    if (query.vin !== undefined) {
      const owner = prepared<[string], { customer_id: string | null }>(
        this.db,
        'SELECT customer_id FROM customers_vehicles WHERE vin = ?',
      ).get(query.vin);
      if (owner?.customer_id) ids.add(owner.customer_id);
    }
    if (query.phone !== undefined) {
      const fingerprint = await this.phones.ofTyped(query.phone);
      if (fingerprint !== undefined)
        for (const row of prepared<[string, number], { customer_id: string }>(
          this.db,
          'SELECT DISTINCT customer_id FROM customers_phones WHERE fingerprint = ? LIMIT ?',
        ).all(fingerprint, MAX_FOUND))
          ids.add(row.customer_id);
    }
    return [...ids]
      .map((id) => this.get(actor, id))
      .filter((record): record is CustomerRecord => record !== undefined);
  }

  /** One record as the reader may see it, or undefined when none of its cases is in their scope. */
  get(actor: Actor, customerId: string): CustomerRecord | undefined {
    const row = prepared<[string], RecordRow>(
      this.db,
      'SELECT * FROM customers_records WHERE customer_id = ?',
    ).get(customerId);
    if (row === undefined) return undefined;
    const params: Record<string, unknown> = { customerId, limit: MAX_HISTORY };
    const scope = readScopeClause(readScopeOf(actor), params, {
      dealerId: 'k.dealer_id',
      regionId: 'k.region_id',
    });
    // The customer's cases, and the cases of their vehicles that named no customer (claims, calls).
    const contacts = this.db
      .prepare<Record<string, unknown>, ContactRow & { state: string | null; final: number | null }>(
        `SELECT k.*, c.state AS state, c.final AS final FROM customers_contacts k
           LEFT JOIN cases_list c ON c.case_id = k.case_id
         WHERE (k.customer_id = @customerId
                OR (k.customer_id IS NULL AND k.vin IN (SELECT vin FROM customers_vehicles WHERE customer_id = @customerId)))
           AND ${scope}
         ORDER BY k.occurred_at DESC, k.case_id LIMIT @limit`,
      )
      .all(params);
    if (contacts.length === 0) return undefined;
    const history = contacts.map((contact): CustomerContact => ({
      caseType: contact.case_type,
      caseId: contact.case_id,
      kind: contact.kind,
      occurredAt: contact.occurred_at,
      outcome: contact.outcome,
      state: contact.state,
      open: contact.final === 0,
      dealerId: contact.dealer_id,
      vin: contact.vin,
    }));
    const vinsInScope = new Set(history.map((contact) => contact.vin));
    const vehicles = prepared<
      [string],
      { vin: string; plate: string | null; model: string | null; last_visit_at: string | null }
    >(this.db, 'SELECT * FROM customers_vehicles WHERE customer_id = ? ORDER BY vin')
      .all(customerId)
      .filter((vehicle) => vinsInScope.has(vehicle.vin))
      .map((vehicle) => ({
        vin: vehicle.vin,
        plate: vehicle.plate,
        model: vehicle.model,
        lastVisitAt: vehicle.last_visit_at,
      }));
    const named = this.nameFor(actor, customerId, history);
    return {
      id: row.customer_id,
      owner: {
        dealerId: named?.dealer_id ?? history[0]!.dealerId,
        ...(named?.region_id ? { regionId: named.region_id } : {}),
      },
      name: named?.name ?? null,
      phone: named?.phone ?? null,
      class: row.class,
      sensitivity: JSON.parse(row.sensitivity) as string[],
      responsible:
        row.responsible_id !== null
          ? {
              id: row.responsible_id,
              ...(row.responsible_name !== null ? { name: row.responsible_name } : {}),
            }
          : null,
      vehicles,
      history,
      openCases: history.filter((contact) => contact.open),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** The name and phone to show: as a dealer the reader deals for recorded them, else the latest in scope. */
  private nameFor(
    actor: Actor,
    customerId: string,
    history: readonly CustomerContact[],
  ): NameRow | undefined {
    const names = prepared<[string], NameRow>(
      this.db,
      'SELECT * FROM customers_names WHERE customer_id = ? ORDER BY updated_at DESC, dealer_id',
    ).all(customerId);
    const ownerOf = (name: NameRow): CaseOwner => ({
      dealerId: name.dealer_id,
      ...(name.region_id !== null ? { regionId: name.region_id } : {}),
    });
    const dealersInScope = new Set(history.map((contact) => contact.dealerId));
    return (
      names.find((name) => seesPersonalData(actor, ownerOf(name))) ??
      names.find((name) => dealersInScope.has(name.dealer_id))
    );
  }
}
