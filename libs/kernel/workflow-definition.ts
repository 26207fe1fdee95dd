import type { AnyStateMachine } from 'xstate';
import type { Actor } from './actor.js';
import type { FieldError } from './errors.js';
import type { Role } from './role.js';

/**
 * Every machine's context carries the case owner and who should act next; the rest is the case's data.
 * `dealerId`/`regionId` are set from the creating actor's token (first-responder responsibility).
 */
export interface CaseContext {
  readonly caseId: string;
  readonly dealerId: string;
  readonly regionId?: string;
  /** The role expected to act next, or null when nobody is (closed, settled, …). */
  readonly assignedRole: Role | null;
}

/** An action a caller may request over HTTP, and the past-tense event it records when accepted. */
export interface ActionDefinition<TContext extends CaseContext = CaseContext> {
  readonly eventType: string;
  /** Roles that can ever perform this action. The machine's guards decide when; this list documents who. */
  readonly roles: readonly Role[];
  readonly description: string;
  /**
   * Dotted paths of personal data in the payload (e.g. `customer.phone`): the engine seals them with a key
   * per case before recording, so they can be erased later without touching the event log.
   */
  readonly personalData?: readonly string[];
  /**
   * Payload fields that name another case by id: that case's type (e.g. `{ complaintId: 'complaint' }`), or
   * a CaseReference saying more. When the field is given, the engine accepts the command only if the named
   * case exists, the caller may see it, and it belongs to the same dealer as the case acted on; otherwise
   * the field is refused (HTTP 400). Existence and scope are I/O, so the engine checks them outside the
   * pure machine.
   */
  readonly references?: Readonly<Record<string, string | CaseReference>>;
  /**
   * Business checks of the payload against the case, beyond the machine's guards (e.g. the settled amount
   * may not exceed the approved one). Pure; each problem names the field and why (HTTP 400). `referenced`
   * holds, per reference field that declares a `summarize`, the summary of the case it names.
   */
  check?(
    context: TContext | undefined,
    data: Record<string, unknown>,
    actor: Actor,
    occurredAt: string,
    referenced: ReferencedCases,
  ): FieldError[];
  /**
   * Derived facts to record with the event, computed purely from the case, the payload and the time
   * (e.g. the warranty eligibility decision and the policy version that made it). Runs after `check`.
   */
  enrich?(
    context: TContext | undefined,
    data: Record<string, unknown>,
    occurredAt: string,
  ): Record<string, unknown>;
}

/**
 * A payload field naming another case, declared by the workflow that holds the field (libraries name no
 * workflow). The engine loads the named case scoped to the caller and to the acting case's dealer.
 */
export interface CaseReference {
  readonly caseType: string;
  /** The field must be given: a command without it is refused (HTTP 400 naming the field). */
  readonly required?: boolean;
  /**
   * What the action's `check` may know of the named case: a few facts read from its context and state
   * (e.g. whether a complaint is major). The summary is recorded with the event under `referencedCases`,
   * so replay and verification re-decide the event on exactly what the decision saw, without I/O.
   */
  readonly summarize?: (context: CaseContext, state: string) => ReferencedCaseSummary;
}

/** A read-only summary of a referenced case: flat facts, never its personal data. */
export type ReferencedCaseSummary = Readonly<Record<string, string | number | boolean | null>>;

/** Per reference field, the summary of the case it names (only fields whose reference summarizes). */
export type ReferencedCases = Readonly<Record<string, ReferencedCaseSummary>>;

/** The payload key under which an event records the summaries its decision saw. */
export const REFERENCED_CASES_KEY = 'referencedCases';

/** The referenced-case summaries a recorded event's decision saw (none for an event that references none). */
export function recordedReferences(data: unknown): ReferencedCases {
  const recorded = (data as Record<string, unknown> | null | undefined)?.[REFERENCED_CASES_KEY];
  return typeof recorded === 'object' && recorded !== null ? (recorded as ReferencedCases) : {};
}

/** A reference field's declaration in its long form. */
export function caseReference(declared: string | CaseReference): CaseReference {
  return typeof declared === 'string' ? { caseType: declared } : declared;
}

/** Turns an event stored under an older schema version into the current payload shape. */
export type Upcaster = (data: Record<string, unknown>, fromSchemaVersion: number) => Record<string, unknown>;

/**
 * A versioned workflow: a pure XState machine plus the names the engine needs around it.
 *
 * Rules for the machine (the engine relies on them):
 * - its first state accepts only `create.eventType`;
 * - guards on events read only `event.actor`, `event.occurredAt` and the context, never `event.data`,
 *   so the actions a caller may take can be computed without a payload; branch on data by assigning it
 *   to the context and taking `always` transitions from there;
 * - the context extends CaseContext and keeps `assignedRole` current.
 */
export interface WorkflowDefinition<TContext extends CaseContext = CaseContext> {
  /** Stream prefix and `type` in the case view, e.g. `complaint`. */
  readonly caseType: string;
  /** URL segment under /api/v1, e.g. `complaints`. */
  readonly resource: string;
  readonly version: number;
  readonly machine: AnyStateMachine;
  readonly create: ActionDefinition<TContext>;
  readonly actions: Readonly<Record<string, ActionDefinition<TContext>>>;
  /** Current schema version per event type (default 1) and how to read older ones. */
  readonly schemaVersions?: Readonly<Record<string, number>>;
  readonly upcasters?: Readonly<Record<string, Upcaster>>;
  /** States in which the case is finished; deadlines stop and it leaves every work queue. */
  readonly finalStates: readonly string[];
  /**
   * Context fields the case list filters and links by (`?category=`, `?severity=`, a complaint's linked
   * cases); a workflow without them leaves the columns empty.
   */
  readonly listFacets?: ListFacets;
  /**
   * The signers of an approval chain in the order the machine asks for them. Only for people and
   * consoles to show progress ("who signed, who is next"); the machine's guards are what enforce it.
   */
  readonly approvalChain?: readonly Role[];
}

/** Names of context fields (each holding a string) that the case list indexes. */
export interface ListFacets {
  readonly category?: string;
  readonly severity?: string;
  /** The case this one was opened for. */
  readonly linkedCaseId?: string;
  /** A kind the list filters by (`?kind=`), e.g. a follow-up's channel; `kinds` lists its values. */
  readonly kind?: string;
  readonly kinds?: readonly string[];
  /** An instant the list filters by (`?dueBefore=`), e.g. when a follow-up's window opens. */
  readonly dueAt?: string;
}
