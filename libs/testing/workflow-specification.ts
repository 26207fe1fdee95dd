import { expect } from '@jest/globals';
import type {
  Actor,
  CaseContext,
  FieldError,
  RecordedEvent,
  ReferencedCases,
  WorkflowDefinition,
} from '../kernel/index.js';
import {
  allowedActions,
  contextOf,
  currentStateName,
  decide,
  fold,
  type CaseState,
  type Decision,
} from '../workflow-engine/index.js';

export const SPEC_CASE_ID = '00000000-0000-4000-8000-000000000001';
const DEFAULT_TIME = '2026-03-02T09:00:00.000Z';

/** A past event in a spec: what happened, who did it, when. */
export interface GivenEvent {
  readonly type: string;
  readonly data?: Record<string, unknown>;
  readonly actor: Actor;
  readonly at?: string;
}

/** A command in a spec: the action over HTTP, by whom, when. */
export interface WhenCommand {
  readonly action: string;
  readonly data?: Record<string, unknown>;
  readonly actor: Actor;
  readonly at?: string;
  /** Summaries of the cases the payload names, as the engine would find them (ActionDefinition.references). */
  readonly referenced?: ReferencedCases;
  /** Names the engine would not find among the caller's visible cases of the same dealer. */
  readonly referenceProblems?: readonly FieldError[];
}

export interface ExpectedEvent {
  readonly type: string;
  readonly toState?: string;
  readonly data?: Record<string, unknown>;
  /** A subset of the context after the event. */
  readonly context?: Record<string, unknown>;
}

function recorded(definition: WorkflowDefinition, given: readonly GivenEvent[]): RecordedEvent[] {
  return given.map((event, revision) => ({
    eventId: `spec-${revision}`,
    streamId: `${definition.caseType}-${SPEC_CASE_ID}`,
    revision,
    position: revision + 1,
    type: event.type,
    data: event.data ?? {},
    recordedAt: event.at ?? DEFAULT_TIME,
    metadata: {
      caseType: definition.caseType,
      caseId: SPEC_CASE_ID,
      machineVersion: definition.version,
      schemaVersion: definition.schemaVersions?.[event.type] ?? 1,
      actor: event.actor,
      occurredAt: event.at ?? DEFAULT_TIME,
      commandId: `spec-command-${revision}`,
      commandHash: '',
      action: '',
      correlationId: '',
      causationId: '',
      fromState: '',
      toState: '',
      prevHash: '',
      hash: '',
    },
  }));
}

/**
 * Given/when/then for a workflow, with no I/O:
 *   specify(complaint).given(received, verified).when({ action: 'propose-resolution', actor, data })
 *     .then({ type: 'ComplaintResolutionProposed', toState: 'awaiting_customer_reply' })
 */
export function specify<TContext extends CaseContext>(definition: WorkflowDefinition<TContext>) {
  return {
    given(...events: GivenEvent[]) {
      const state = fold(definition, recorded(definition, events));
      const decideWith = (command: WhenCommand): Decision =>
        decide(definition, state, {
          caseId: SPEC_CASE_ID,
          action: command.action,
          data: command.data ?? {},
          actor: command.actor,
          occurredAt: command.at ?? DEFAULT_TIME,
          ...(command.referenced !== undefined ? { referenced: command.referenced } : {}),
          ...(command.referenceProblems !== undefined
            ? { referenceProblems: command.referenceProblems }
            : {}),
        });
      return {
        /** The folded case, for assertions on the context. */
        state: state as CaseState<TContext> | undefined,
        stateName: state ? currentStateName(state) : undefined,
        context: state ? contextOf(state) : undefined,
        allowedActionsFor(actor: Actor, at = DEFAULT_TIME): string[] {
          return allowedActions(definition, state?.snapshot, actor, SPEC_CASE_ID, at);
        },
        when(command: WhenCommand) {
          return {
            then(expected: ExpectedEvent): Decision {
              const decision = decideWith(command);
              expect(decision.eventType).toBe(expected.type);
              if (expected.toState !== undefined) expect(decision.toState).toBe(expected.toState);
              if (expected.data !== undefined) expect(decision.data).toMatchObject(expected.data);
              if (expected.context !== undefined)
                expect(decision.snapshot.context).toMatchObject(expected.context);
              return decision;
            },
            /** Expect a refusal: the error class, and optionally a subset of its fields. */
            thenThrows<E extends Error>(
              errorClass: abstract new (...args: never[]) => E,
              fields: Partial<Record<keyof E, unknown>> = {},
            ): E {
              let caught: unknown;
              try {
                decideWith(command);
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(errorClass);
              expect(caught).toMatchObject(fields);
              return caught as E;
            },
          };
        },
      };
    },
  };
}
