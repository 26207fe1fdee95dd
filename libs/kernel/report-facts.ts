/**
 * What a workflow's events contribute to the reports (docs/reports.md): the workflow declares it in its own
 * folder (`report-facts.ts`), the generic reports projection in libs/reports files and sums it. A fact is
 * about one report row: `open` files it (when, and the fixed dimensions it is grouped by), `set` gives it
 * values (the last event wins, so a repeated fact counts once), `elapsed` sets fields to the seconds since
 * the row was opened. Facts about a row that was never opened are ignored, so a workflow may send every
 * later event to a topic whose row only some cases open.
 */
export type ReportValue = string | number | null;

export interface ReportFact {
  /** Which report's rows, e.g. `follow-up-calls`, `complaints`, `satisfaction`, `warranty-cost`. */
  readonly topic: string;
  /** The row within the topic; default the case id. */
  readonly key?: string;
  readonly open?: {
    /** The instant the row is filed under (its day and month in the reports' time zone). */
    readonly at: string;
    /** Fixed dimensions the report groups by (category, channel, vin, source …). */
    readonly dims?: Readonly<Record<string, string | null>>;
    /** Counts the row as a repeat (value `repeat` = 1) when an earlier row of the topic has the same key within the days. */
    readonly repeatOf?: { readonly key: string; readonly withinDays: number };
  };
  readonly set?: Readonly<Record<string, ReportValue>>;
  readonly elapsed?: readonly string[];
}

/** The parts of a recorded event a workflow's report facts read (a pure function of them). */
export interface ReportedEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly caseId: string;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly fromState: string;
  readonly toState: string;
}

/** Per event type, the facts it contributes (absent types contribute none). */
export type ReportFacts = Readonly<Record<string, (event: ReportedEvent) => readonly ReportFact[]>>;

/**
 * The topics the reports read, shared by the workflows that declare facts and the report definitions
 * (libs/reports). The fields each topic takes are listed in docs/reports.md.
 */
export const REPORT_TOPICS = {
  /** One row per follow-up call, filed by the day its window closes (the day it is due). */
  followUpCalls: 'follow-up-calls',
  /** One row per complaint, filed by the day it was received. */
  complaints: 'complaints',
  /** One row per satisfaction answer, filed by the day it was given; dims `source`. */
  satisfaction: 'satisfaction',
  /** One row per warranty claim or goodwill application, filed by the day it was opened; dims `vin`, `model`. */
  warrantyCost: 'warranty-cost',
  /** One row per callback opened for a lost customer, filed by the day it was opened. */
  lostCustomers: 'lost-customers',
} as const;

/** Where a satisfaction answer was given (the `source` dimension of the satisfaction topic). */
export const SATISFACTION_SOURCES = ['complaint-follow-up', 'oem-callback', 'follow-up-call'] as const;

/** The seed's 7-level satisfaction scale [001], best first: every source answers on it. */
export const SATISFACTION_SCALE = [
  'very_satisfied',
  'satisfied',
  'fairly_satisfied',
  'neutral',
  'somewhat_dissatisfied',
  'dissatisfied',
  'very_dissatisfied',
] as const;

/** A string field at a dotted path of an event's data, or null. */
export function reportText(data: Readonly<Record<string, unknown>>, path: string): string | null {
  let value: unknown = data;
  for (const key of path.split('.'))
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A satisfaction answer as a fact of the satisfaction topic: one row per answer (a case may answer twice). */
export function satisfactionAnswer(
  event: ReportedEvent,
  source: (typeof SATISFACTION_SOURCES)[number],
  level: string | null,
): ReportFact[] {
  if (level === null) return [];
  return [
    {
      topic: REPORT_TOPICS.satisfaction,
      key: `${event.caseId}:${event.eventId}`,
      open: { at: event.occurredAt, dims: { source } },
      set: { answers: 1, [`level.${level}`]: 1 },
    },
  ];
}
