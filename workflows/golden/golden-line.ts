import {
  ForbiddenError,
  RefusedByRuleError,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
  type CaseContext,
  type EventMetadata,
  type FieldError,
  type RecordedEvent,
  type ReferencedCases,
  type WorkflowDefinition,
} from '../../libs/kernel/index.js';

/**
 * One line of a golden event stream (JSON Lines, one file per path through a released machine version):
 * a command as it reached the decider, and either the event it recorded with the case's state after it,
 * or the refusal. Golden files are recorded once; a released version must decide them the same way forever.
 */
export type GoldenLine = RecordedLine | RefusedLine;

/** What was asked: the action and its payload as sent (the actor and time are the event's). */
export interface GoldenCommand {
  readonly action: string;
  readonly data: Record<string, unknown>;
  /** Summaries of the cases the payload names, as the engine would have found them (references). */
  readonly referenced?: ReferencedCases;
}

export interface RecordedLine {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly command: GoldenCommand;
  /** The machine's state and context after the event. */
  readonly state: string;
  readonly context: Record<string, unknown>;
}

export interface RefusedLine {
  readonly refused: Refusal;
  readonly actor: Actor;
  readonly occurredAt: string;
  readonly command: GoldenCommand;
}

/** Why a command was refused, in the terms the API answers with (the message text is not part of it). */
export type Refusal =
  | {
      readonly error: 'TransitionNotAllowedError';
      readonly state: string;
      readonly allowedActions: readonly string[];
    }
  | { readonly error: 'ForbiddenError' }
  | {
      readonly error: 'ValidationFailedError' | 'RefusedByRuleError';
      readonly errors: readonly FieldError[];
    };

/** The case every golden stream is recorded on. */
export const GOLDEN_CASE_ID = '00000000-0000-4000-8000-00000000901d';

export function isRefused(line: GoldenLine): line is RefusedLine {
  return 'refused' in line;
}

/** The refusal a decider error stands for; any other error is a fault, not a decision, and is rethrown. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof TransitionNotAllowedError)
    return { error: 'TransitionNotAllowedError', state: error.state, allowedActions: error.allowedActions };
  if (error instanceof ForbiddenError) return { error: 'ForbiddenError' };
  if (error instanceof RefusedByRuleError) return { error: 'RefusedByRuleError', errors: error.errors };
  if (error instanceof ValidationFailedError) return { error: 'ValidationFailedError', errors: error.errors };
  throw error;
}

export function parseGoldenStream(text: string): GoldenLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as GoldenLine);
}

export function formatGoldenStream(lines: readonly GoldenLine[]): string {
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** A recorded line as the store would give it back, so the engine's own fold replays it. */
export function storedEventOf(
  definition: WorkflowDefinition<CaseContext>,
  line: RecordedLine,
  revision: number,
): RecordedEvent {
  return {
    eventId: `golden-${revision}`,
    streamId: `${definition.caseType}-${GOLDEN_CASE_ID}`,
    revision,
    position: revision + 1,
    type: line.type,
    data: line.data,
    recordedAt: line.occurredAt,
    metadata: {
      caseType: definition.caseType,
      caseId: GOLDEN_CASE_ID,
      machineVersion: definition.version,
      schemaVersion: definition.schemaVersions?.[line.type] ?? 1,
      actor: line.actor,
      occurredAt: line.occurredAt,
      commandId: `golden-command-${revision}`,
      commandHash: '',
      action: line.command.action,
      correlationId: '',
      causationId: '',
      fromState: '',
      toState: line.state,
      prevHash: '',
      hash: '',
    } satisfies EventMetadata,
  };
}
