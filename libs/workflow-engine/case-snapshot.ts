import type { CaseContext } from '../kernel/index.js';
import { restoreSnapshot } from './case-replay.js';
import { CommandIndex } from './command-index.js';
import type { CaseState } from './decider.js';
import { workflowFingerprint } from './workflow-fingerprint.js';
import type { WorkflowRegistry } from './workflow-registry.js';
import { persistMachineSnapshot, type StoredMachineState } from './xstate-adapter.js';

/**
 * A case as it stood after one of its events, kept so that a cold load folds only the events after it.
 * Snapshots are a cache beside the log, never a source of truth: each names the hash of the event it was
 * taken after, and a load uses it only when the stored event at that revision still has that hash.
 */
export interface CaseSnapshot {
  readonly streamId: string;
  readonly revision: number;
  readonly machineVersion: number;
  /** The hash of the event at `revision`: the snapshot is valid only for a stream that still has it. */
  readonly lastHash: string;
  /** Epoch milliseconds of the latest occurredAt folded in; an as-of view may start from it only after. */
  readonly latestOccurredMs: number;
  /** The encoded state (encodeCaseState). */
  readonly state: string;
}

/**
 * Where snapshots are kept: beside one process's read models (synchronous) or in a database every node
 * shares (asynchronous). Saving is best effort: a lost snapshot costs a longer fold, nothing else, so a
 * save is never awaited by a command.
 */
export interface CaseSnapshotStore {
  /** The snapshot of `streamId` with the highest revision, among those whose events all occurred by `occurredByMs`. */
  latest(
    streamId: string,
    occurredByMs?: number,
  ): CaseSnapshot | undefined | Promise<CaseSnapshot | undefined>;
  save(snapshot: CaseSnapshot): void | Promise<void>;
  /** Drops a snapshot that no longer matches the log (the store was restored from an older backup, say). */
  discard(streamId: string, revision: number): void | Promise<void>;
}

/** Bumped when the encoding below changes; snapshots of another format are ignored and rebuilt. */
const SNAPSHOT_FORMAT = 1;

interface EncodedCaseState {
  readonly format: number;
  readonly caseType: string;
  /** workflowFingerprint of the code that folded the case. */
  readonly workflow: string;
  readonly machine: StoredMachineState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly latestOccurredAt: string;
  /** [commandId, revision, position, eventType, commandHash] per recorded command. */
  readonly commands: readonly (readonly [string, number, number, string, string])[];
}

export function encodeCaseState(streamId: string, state: CaseState): CaseSnapshot {
  const { definition } = state;
  const commands: [string, number, number, string, string][] = [];
  for (const [commandId, command] of state.commands) {
    commands.push([commandId, command.revision, command.position, command.eventType, command.commandHash]);
  }
  const encoded: EncodedCaseState = {
    format: SNAPSHOT_FORMAT,
    caseType: definition.caseType,
    workflow: workflowFingerprint(definition),
    machine: persistMachineSnapshot(definition.machine, state.snapshot),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    latestOccurredAt: state.latestOccurredAt,
    commands,
  };
  return {
    streamId,
    revision: state.revision,
    machineVersion: definition.version,
    lastHash: state.lastHash,
    latestOccurredMs: Date.parse(state.latestOccurredAt),
    state: JSON.stringify(encoded),
  };
}

/**
 * The case a snapshot holds, on the machine version that made it; undefined when the snapshot is of
 * another format, its machine version is no longer registered, or that version's code is not the code
 * that folded it (it is then not used, and a replay keeps a new one).
 */
export function decodeCaseState(
  registry: WorkflowRegistry,
  snapshot: CaseSnapshot,
): CaseState<CaseContext> | undefined {
  const encoded = JSON.parse(snapshot.state) as EncodedCaseState;
  if (encoded.format !== SNAPSHOT_FORMAT) return undefined;
  let definition;
  try {
    definition = registry.version(encoded.caseType, snapshot.machineVersion);
  } catch {
    return undefined;
  }
  if (encoded.workflow !== workflowFingerprint(definition)) return undefined;
  const commands = CommandIndex.of(
    encoded.commands.map(([commandId, revision, position, eventType, commandHash]) => [
      commandId,
      { revision, position, eventType, commandHash },
    ]),
  );
  return {
    definition,
    snapshot: restoreSnapshot(definition, encoded.machine),
    revision: snapshot.revision,
    createdAt: encoded.createdAt,
    updatedAt: encoded.updatedAt,
    latestOccurredAt: encoded.latestOccurredAt,
    lastHash: snapshot.lastHash,
    commands,
  };
}
