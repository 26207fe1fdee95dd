import type { Actor, ReferencedCases } from '../../libs/kernel/index.js';

/** One command of a scenario: the action, its payload as sent, who sends it and (optionally) when. */
export interface ScenarioCommand {
  readonly action: string;
  readonly data?: Record<string, unknown>;
  readonly actor: Actor;
  /** Summaries of the cases the payload names, as the engine would have found them (references). */
  readonly referenced?: ReferencedCases;
  /** Defaults to ten minutes after the previous command, from 2026-03-02 09:00 UTC. */
  readonly at?: string;
}

/**
 * A path through a workflow, recorded into one golden file per released version it applies to. The same
 * commands give different goldens where versions differ (that difference is what a golden pins down).
 */
export interface GoldenScenario {
  readonly name: string;
  readonly commands: readonly ScenarioCommand[];
  /** The versions it is recorded for; all released versions when absent. */
  readonly versions?: readonly number[];
}

const START = Date.parse('2026-03-02T09:00:00.000Z');
const STEP_MS = 10 * 60 * 1000;

/** When each command happens: its own `at`, or ten minutes after the one before. */
export function timesOf(commands: readonly ScenarioCommand[]): string[] {
  let previous = START - STEP_MS;
  return commands.map((command) => {
    previous = command.at !== undefined ? Date.parse(command.at) : previous + STEP_MS;
    return new Date(previous).toISOString();
  });
}

/** An actor holding `roles` in `scope` (dealer and region, or none for national OEM staff). */
export function person(id: string, roles: Actor['roles'], scope: Partial<Actor> = {}): Actor {
  return { id, name: id, roles, ...scope };
}
