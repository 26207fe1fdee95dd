/**
 * How a workflow's events name a customer or a vehicle, for the customer records (客户档案, seed 000): the
 * workflow declares it, a generic projection in libs builds the record. Every value is read from the event
 * as stored, so personal data stays sealed here (the projection keeps the sealed text, never plaintext).
 */
export interface CustomerFact {
  /** The vehicle the event names (normalised VIN). */
  readonly vin?: string;
  readonly plate?: string;
  readonly model?: string;
  /** The customer's name and phone as stored in the event (sealed under the case's key). */
  readonly customerName?: string;
  readonly customerPhone?: string;
  /** The customer's class A/B/C as the dealer classified them (seed 000 表7-2). */
  readonly customerClass?: string;
  /** Sensitivity flags (media, vip, …) the case records about the customer. */
  readonly sensitivity?: readonly string[];
  /** The contact's kind in the history (default: the case type), e.g. a service event's trigger kind. */
  readonly kind?: string;
  /** When the contact happened in the business's terms (default: the event's `occurredAt`). */
  readonly occurredAt?: string;
  /** What the contact came to (a satisfaction level, an attempt's outcome, a decision). */
  readonly outcome?: string;
  /** Another case this one belongs to (a goodwill's complaint): it shares that case's vehicle and customer. */
  readonly linkedCaseId?: string;
  /** The vehicle came to the dealer (a repair, maintenance, delivery …): the lost-customer sweep's clock. */
  readonly visit?: boolean;
  /** The event is the callback the lost-customer sweep scheduled for the vehicle's current lapse. */
  readonly lapseNoted?: boolean;
  /** The person who acted is the customer's responsible person from now on (专人负责). */
  readonly responsibleActs?: boolean;
}

/** Per event type, what it says about the customer and vehicle (a pure function of the event's data). */
export type CustomerFacts = Readonly<
  Record<string, (data: Readonly<Record<string, unknown>>) => CustomerFact>
>;

/** A string field at a dotted path of an event's data, when it is one. */
export function textAt(data: Readonly<Record<string, unknown>>, path: string): string | undefined {
  let value: unknown = data;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The vehicle facts of a `{ vin, plate?, model? }` object at `path` (the shared vehicle payload). */
export function vehicleAt(
  data: Readonly<Record<string, unknown>>,
  path: string,
): Pick<CustomerFact, 'vin' | 'plate' | 'model'> {
  return {
    vin: textAt(data, `${path}.vin`),
    plate: textAt(data, `${path}.plate`),
    model: textAt(data, `${path}.model`),
  };
}

/** The customer facts of a `{ name, phone, class? }` object at `path` (name and phone as stored: sealed). */
export function customerAt(
  data: Readonly<Record<string, unknown>>,
  path: string,
): Pick<CustomerFact, 'customerName' | 'customerPhone' | 'customerClass'> {
  return {
    customerName: textAt(data, `${path}.name`),
    customerPhone: textAt(data, `${path}.phone`),
    customerClass: textAt(data, `${path}.class`),
  };
}

/** A vehicle whose last visit is older than the lost-customer period, with its customer in clear. */
export interface LapsedVehicle {
  readonly vin: string;
  readonly plate?: string;
  readonly model?: string;
  /** The dealer and region of the last visit: the callback is theirs. */
  readonly dealerId: string;
  readonly regionId?: string;
  readonly lastVisitAt: string;
  /** Opened for the command only: the engine seals them again under the callback case's key. */
  readonly customer: { readonly name: string; readonly phone: string; readonly class?: string };
}

/** A command a module asks the engine to run, with ids derived so a repeat records nothing. */
export interface ModuleCommand {
  readonly caseType: string;
  readonly caseId: string;
  readonly commandId: string;
  readonly action: string;
  readonly data: Record<string, unknown>;
}

/**
 * How a module records the callback for a lost customer (seed 004 「负责流失用户维护回访(3 个月未回站用户,
 * 月中完成),月底统计汇总」): the command for a lapsed vehicle, then the commands that follow from the
 * recorded case (the calls its plan asked for).
 */
export interface LostCustomerCallback {
  record(vehicle: LapsedVehicle, at: string): ModuleCommand;
  followOn(context: Readonly<Record<string, unknown>>): readonly ModuleCommand[];
}
