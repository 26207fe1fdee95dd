import type { CustomerFacts, LostCustomerCallback } from './customer-facts.js';
import type { RequiredDocuments } from './attachment-kind.js';
import type { DeadlineRule } from './deadline-rule.js';
import type { ReportFacts } from './report-facts.js';
import type { CaseContext, WorkflowDefinition } from './workflow-definition.js';

/** A class whose decorated properties describe and validate one command's payload (class-validator). */
export type CommandSchema = new () => object;

/**
 * Everything the engine, the read models and the HTTP API know about one workflow, exported from its own
 * folder (`workflows/<name>/index.ts`). Libraries consume modules and name no workflow; adding one is a
 * new folder and one line in the registration list.
 */
export interface WorkflowModule<TContext extends CaseContext = CaseContext> {
  /** Stream prefix and `type` in the case view, e.g. `complaint`. */
  readonly caseType: string;
  /** URL segment under /api/v1, e.g. `complaints`. */
  readonly resource: string;
  /** One sentence for the API reference. */
  readonly summary: string;
  /** Released machine versions, oldest first; new cases start on the last, running cases keep theirs. */
  readonly versions: readonly WorkflowDefinition<TContext>[];
  /** The SLA clocks of this case type. */
  readonly deadlines: readonly DeadlineRule[];
  /**
   * Every event type the workflow records, in any released version: the members of its `events.ts`
   * union (`WorkflowEvents`); a spec checks that every version records and handles only these.
   */
  readonly events: readonly string[];
  /** One payload schema per command: `create` and each action by name. */
  readonly commands: {
    readonly create: CommandSchema;
    readonly actions: Readonly<Record<string, CommandSchema>>;
  };
  /**
   * How its events name a customer or a vehicle, per event type (the customer records, 客户档案); absent:
   * the workflow names none.
   */
  readonly customerFacts?: CustomerFacts;
  /** How it records a lost customer's callback (one module does: the lost-customer sweep uses it). */
  readonly lostCustomerCallback?: LostCustomerCallback;
  /** What its events contribute to the reports (`/api/v1/reports/{name}`); absent: nothing. */
  readonly reportFacts?: ReportFacts;
  /** Documents (attachments of a kind) an action needs on the case first, from a machine version on. */
  readonly requiredDocuments?: RequiredDocuments;
}

/** Every released version of every module, for the registry. */
export function releasedDefinitions(modules: readonly WorkflowModule[]): WorkflowDefinition[] {
  return modules.flatMap((module) => module.versions as readonly WorkflowDefinition[]);
}

/**
 * A workflow's events as a discriminated union on `type`: each member carries its payload type where the
 * workflow declares one (`TData`), a plain record otherwise.
 */
export type WorkflowEvents<
  TTypes extends string,
  TData extends { readonly [K in TTypes]?: object } = Record<never, never>,
> = {
  [K in TTypes]: {
    readonly type: K;
    readonly data: K extends keyof TData ? TData[K] : Readonly<Record<string, unknown>>;
  };
}[TTypes];

/** The event type names of an `XxxEvents` constant object (`{ received: 'ComplaintReceived', … }`). */
export type EventTypesOf<TEvents extends Readonly<Record<string, string>>> = TEvents[keyof TEvents];
