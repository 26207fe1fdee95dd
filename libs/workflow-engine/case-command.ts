import type { Actor } from '../kernel/index.js';
import type { CaseState } from './decider.js';

/** One request to act on a case, as every entry point (HTTP, SLA sweeper, CLI) hands it to the engine. */
export interface CaseCommand {
  readonly caseType: string;
  /** Absent for `create`: the engine assigns one (derived from the idempotency key when there is one). */
  readonly caseId?: string;
  readonly action: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  /** Idempotency: the same command id never records a second event. */
  readonly commandId?: string;
  /** `If-Match`: the revision the caller decided on; a different current revision fails with 412. */
  readonly expectedRevision?: number;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface CommandOutcome {
  readonly caseType: string;
  readonly caseId: string;
  /** The case's revision after the command. */
  readonly revision: number;
  /** Global position of the recorded event (wait for it to read your own write). */
  readonly position: number;
  readonly eventType: string;
  /** True when this was a repeat of an earlier command: nothing was appended. */
  readonly duplicate: boolean;
  /**
   * The case as this command left it, exactly as folding its stream up to `revision` gives it: a caller
   * answers from it instead of loading the case again. Absent for a repeat (the case may have moved on).
   */
  readonly decided?: CaseState;
}

/** The single command path. The Nest CommandBus handler and the SLA sweeper both go through it. */
export interface CaseCommandExecutor {
  execute(command: CaseCommand): Promise<CommandOutcome>;
}
