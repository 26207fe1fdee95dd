import type { Actor } from '../../libs/kernel/index.js';

/**
 * The complaint workload both sides of the Emmett comparisons run (emmett-comparison.bench.ts,
 * postgres.bench.ts): one complaint from intake to close on the released machine (complaint v3,
 * docs/complaints.md), nine commands, the payloads of the public contract (workflows/complaint/commands.ts,
 * with the fields v3 requires: judgement, cost handling, the internal repair order, root cause and
 * preventive action) and the role each action needs (workflows/complaint/v3/complaint.workflow.ts). Plain
 * data, so it is handed as JSON to the Emmett runners, which cannot import TypeScript.
 */
export interface WorkloadStep {
  /** The engine's action name (`create` opens the case). */
  readonly action: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
}

const DEALER = { dealerId: 'D001', regionId: 'R01' } as const;

export const complaintActors = {
  customerService: { id: 'cs-bench', name: 'Customer service', roles: ['customer_service'], ...DEALER },
  technicalDirector: {
    id: 'td-bench',
    name: 'Technical director',
    roles: ['technical_director'],
    ...DEALER,
  },
  serviceAdvisor: { id: 'sa-bench', name: 'Service advisor', roles: ['service_advisor'], ...DEALER },
} as const satisfies Record<string, Actor>;

const { customerService, technicalDirector, serviceAdvisor } = complaintActors;

/**
 * The nine commands of one complaint, in order, each with its payload and actor: a technical problem
 * judged a defect, routed to the technical director, whose plan (the dealer pays, within the director's
 * authority) goes to the service advisor; the customer accepts, the advisor receives the internal repair
 * order (the 24-hour feedback clock starts) and reports back; the customer is satisfied at once and at the
 * follow-up, and customer service closes with the root cause and the preventive action.
 */
export const complaintWorkload: readonly WorkloadStep[] = [
  {
    action: 'create',
    actor: customerService,
    data: {
      channel: 'phone',
      category: 'repair_technique',
      severity: 'normal',
      customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
      vehicle: { vin: 'LSVAB4BR0HN000001', plate: '沪A12345', model: 'Lavida', mileageKm: 42_000 },
      description: 'Engine noise came back two days after the repair',
    },
  },
  {
    action: 'verify',
    actor: customerService,
    data: {
      findings: 'Repair order RO-17 confirms the noise was treated',
      problemClass: 'technical',
      judgement: 'defect',
    },
  },
  {
    action: 'propose-resolution',
    actor: technicalDirector,
    data: {
      cause: 'Timing chain tensioner worn',
      plan: 'Replace the tensioner free of charge',
      costHandling: { payer: 'dealer', amountCents: 80_000, currency: 'CNY' },
    },
  },
  { action: 'record-customer-reply', actor: serviceAdvisor, data: { decision: 'accepted' } },
  { action: 'receive-repair-order', actor: serviceAdvisor, data: { internalOrderRef: 'IRO-2026-0302-04' } },
  { action: 'report-feedback', actor: serviceAdvisor, data: { result: 'Tensioner replaced, noise gone' } },
  { action: 'confirm-satisfaction', actor: customerService, data: { satisfied: true } },
  { action: 'record-follow-up', actor: customerService, data: { satisfaction: 'satisfied' } },
  {
    action: 'close',
    actor: customerService,
    data: {
      rootCause: 'Tensioner not replaced at the first repair',
      preventiveAction: 'Check the tensioner on every timing-chain noise complaint',
    },
  },
];

/** Commands per complaint. */
export const COMMANDS_PER_COMPLAINT = complaintWorkload.length;

/** How much each runner does; the same numbers go to both. */
export interface WorkloadSize {
  /** Complaints run one command at a time (1 case in flight). */
  readonly sequentialCases: number;
  /** Complaints run with `inFlight` cases at a time, for each level. */
  readonly concurrentCases: number;
  readonly inFlight: readonly number[];
}

/** The JSON line each runner prints. */
export interface RunnerLevel {
  readonly commandsPerSecond: number;
  readonly commands: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Events the store holds after the level minus before (equals `commands` when nothing is lost). */
  readonly storedEvents: number;
  readonly firstError?: string;
  /** Ours only: the level's wall-clock start and end (ms since the epoch), to add nodes up over one window. */
  readonly startedAtMs?: number;
  readonly endedAtMs?: number;
  /** Ours only: the process's CPU time (user + system, every thread) over the level ÷ its commands, in µs. */
  readonly cpuMicrosPerCommand?: number;
  /** Emmett only: errors that are refusals (payload or transition refused), a subset of `errors`. */
  readonly refusals?: number;
  readonly firstRefusal?: string;
  /** Emmett only: SQLite COMMITs seen (fewer than commands when transactions interleave). */
  readonly commits?: number;
}

export interface RunnerReport {
  readonly engine: string;
  readonly version: string;
  readonly synchronous: string;
  readonly sequential: RunnerLevel;
  readonly [inFlightLevel: `inFlight${number}`]: RunnerLevel;
}

/** Reads `--sequential N --cases N --in-flight 16,64` (the defaults when absent). */
export function parseWorkloadArgs(argv: readonly string[], defaults: WorkloadSize): WorkloadSize {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const sequential = value('--sequential');
  const cases = value('--cases');
  const inFlight = value('--in-flight');
  return {
    sequentialCases: sequential !== undefined ? Number(sequential) : defaults.sequentialCases,
    concurrentCases: cases !== undefined ? Number(cases) : defaults.concurrentCases,
    inFlight: inFlight !== undefined ? inFlight.split(',').map(Number) : defaults.inFlight,
  };
}
