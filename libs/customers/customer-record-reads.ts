import { seesPersonalData } from '../auth/index.js';
import { readScopeOf, type Actor, type CaseOwner } from '../kernel/index.js';
import { readScopeClause, type NamedStatement } from '../projections/index.js';
import type { ContactRow, CustomerNameRow, CustomerRecordRow, VehicleRow } from './customer-rows.js';

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

/** A contact as read for a record: with its case's state from the cases list, when it has one. */
export type ContactWithState = ContactRow & { readonly state: string | null; readonly final: number | null };

const MAX_FOUND = 50;
const MAX_HISTORY = 500;

/**
 * The reads of a customer record, with `@name` parameters: the same SQL over SQLite and PostgreSQL (whose
 * text columns compare bytewise, `COLLATE "C"`), so both answer the same rows in the same order.
 */
export const customerRecordStatements = {
  byVin: (vin: string): NamedStatement => ({
    sql: 'SELECT customer_id FROM customers_vehicles WHERE vin = @vin',
    params: { vin },
  }),
  byPhone: (fingerprint: string): NamedStatement => ({
    sql: `SELECT DISTINCT customer_id FROM customers_phones WHERE fingerprint = @fingerprint
          ORDER BY customer_id LIMIT @limit`,
    params: { fingerprint, limit: MAX_FOUND },
  }),
  record: (customerId: string): NamedStatement => ({
    sql: 'SELECT * FROM customers_records WHERE customer_id = @customerId',
    params: { customerId },
  }),
  /** The customer's cases, and the cases of their vehicles that named no customer (claims, calls), in scope. */
  contacts(actor: Actor, customerId: string): NamedStatement {
    const params: Record<string, unknown> = { customerId, limit: MAX_HISTORY };
    const scope = readScopeClause(readScopeOf(actor), params, {
      dealerId: 'k.dealer_id',
      regionId: 'k.region_id',
    });
    return {
      sql: `SELECT k.*, c.state AS state, c.final AS final FROM customers_contacts k
              LEFT JOIN cases_list c ON c.case_id = k.case_id
            WHERE (k.customer_id = @customerId
                   OR (k.customer_id IS NULL AND k.vin IN (SELECT vin FROM customers_vehicles WHERE customer_id = @customerId)))
              AND ${scope}
            ORDER BY k.occurred_at DESC, k.case_id LIMIT @limit`,
      params,
    };
  },
  vehicles: (customerId: string): NamedStatement => ({
    sql: 'SELECT * FROM customers_vehicles WHERE customer_id = @customerId ORDER BY vin',
    params: { customerId },
  }),
  names: (customerId: string): NamedStatement => ({
    sql: 'SELECT * FROM customers_names WHERE customer_id = @customerId ORDER BY updated_at DESC, dealer_id',
    params: { customerId },
  }),
};

/** The rows of one record, as the statements above read them. */
export interface CustomerRecordRows {
  readonly record: CustomerRecordRow;
  readonly contacts: readonly ContactWithState[];
  readonly vehicles: readonly VehicleRow[];
  readonly names: readonly CustomerNameRow[];
}

/**
 * A record as the reader may see it, or undefined when none of its cases is in their scope: only the
 * cases, and vehicles, in scope; the name and phone as a dealer the reader deals for recorded them, else
 * the latest in scope.
 */
export function customerRecordOf(actor: Actor, rows: CustomerRecordRows): CustomerRecord | undefined {
  const { record: row, contacts } = rows;
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
  const vehicles = rows.vehicles
    .filter((vehicle) => vinsInScope.has(vehicle.vin))
    .map((vehicle) => ({
      vin: vehicle.vin,
      plate: vehicle.plate,
      model: vehicle.model,
      lastVisitAt: vehicle.last_visit_at,
    }));
  const named = nameFor(actor, rows.names, history);
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
function nameFor(
  actor: Actor,
  names: readonly CustomerNameRow[],
  history: readonly CustomerContact[],
): CustomerNameRow | undefined {
  const ownerOf = (name: CustomerNameRow): CaseOwner => ({
    dealerId: name.dealer_id,
    ...(name.region_id !== null ? { regionId: name.region_id } : {}),
  });
  const dealersInScope = new Set(history.map((contact) => contact.dealerId));
  return (
    names.find((name) => seesPersonalData(actor, ownerOf(name))) ??
    names.find((name) => dealersInScope.has(name.dealer_id))
  );
}
