import { EngineError, recordedReferences, type EventMetadata, type RecordedEvent } from '../kernel/index.js';
import { canonicalJson } from './canonical-json.js';
import { evolve, pinnedDefinition } from './case-replay.js';
import { decide, type CaseState } from './decider.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { ATTACHMENT_ADDED, ATTACHMENT_RECORD, attachmentEventAllowed } from './attachment-record.js';
import { DELEGATION_RECORD, delegationEventAllowed } from './delegation-record.js';
import { ERASURE_RECORD, PERSONAL_DATA_ERASED } from './personal-data-erasure.js';
import type { WorkflowRegistry } from './workflow-registry.js';

export type VerificationProblemKind =
  | 'revision-gap'
  | 'broken-chain'
  | 'hash-mismatch'
  | 'unknown-machine'
  | 'not-allowed'
  | 'different-decision'
  | 'different-case'
  | 'truncated'
  | 'anchor-mismatch'
  | 'attachment-missing'
  | 'attachment-altered';

export interface VerificationProblem {
  /** The stream the problem is in, when it is not the case's own (an attachment record). */
  readonly streamId?: string;
  readonly revision: number;
  readonly kind: VerificationProblemKind;
  readonly expected: string;
  readonly found: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly events: number;
  /** Attachments checked with the case (their record's chain and each blob against its digest). */
  readonly attachments?: number;
  readonly problems: readonly VerificationProblem[];
}

/** A stream's last event as an audit anchor recorded it (libs/audit-anchor). */
export interface AnchoredStreamHead {
  readonly revision: number;
  readonly hash: string;
  readonly position: number;
}

/**
 * Proves a case's history: the hash chain is recomputed end to end, and every event is re-decided by the
 * machine version that made it, fed the state before it and the event's own actor and time — the machine
 * must allow exactly that transition and record exactly that payload. Given the stream's head as the latest
 * audit anchor saw it, the stream must still reach that revision with that hash: a hash chain cannot show
 * its own last events deleted, an anchor kept apart can. Pure: give it the stream's events (and head).
 */
export function verifyCase(
  registry: WorkflowRegistry,
  events: readonly RecordedEvent[],
  anchored?: AnchoredStreamHead,
): VerificationReport {
  const first = events[0]?.metadata as unknown as EventMetadata | undefined;
  if (first !== undefined && Object.hasOwn(RECORD_RULES, first.caseType)) {
    const record = verifyRecordChain(events);
    if (anchored === undefined) return record;
    const problems = [...record.problems, ...anchorProblems(events, anchored)];
    return { ok: problems.length === 0, events: record.events, problems };
  }
  const problems: VerificationProblem[] = [];
  let state: CaseState | undefined;
  let prevHash = GENESIS_HASH;
  let caseId: string | undefined;
  events.forEach((event, index) => {
    const metadata = event.metadata as unknown as EventMetadata;
    const report = (kind: VerificationProblemKind, expected: unknown, found: unknown): void => {
      problems.push({ revision: event.revision, kind, expected: String(expected), found: String(found) });
    };
    if (event.revision !== index) report('revision-gap', index, event.revision);
    if (metadata.prevHash !== prevHash) report('broken-chain', prevHash, metadata.prevHash);
    const recomputed = eventHash(event);
    if (recomputed !== metadata.hash) report('hash-mismatch', recomputed, metadata.hash);
    prevHash = metadata.hash;
    caseId ??= metadata.caseId;
    if (metadata.caseId !== caseId) report('different-case', caseId, metadata.caseId);

    let definition;
    try {
      definition = pinnedDefinition(registry, state, event);
    } catch {
      report('unknown-machine', 'a registered machine', `${metadata.caseType} v${metadata.machineVersion}`);
      return;
    }
    if (definition.version !== metadata.machineVersion) {
      report(
        'unknown-machine',
        `v${definition.version} (pinned by the first event)`,
        `v${metadata.machineVersion}`,
      );
    }
    try {
      const decision = decide(definition, state, {
        caseId: metadata.caseId,
        action: metadata.action,
        data: (event.data ?? {}) as Record<string, unknown>,
        actor: metadata.actor,
        occurredAt: metadata.occurredAt,
        referenced: recordedReferences(event.data),
      });
      if (decision.eventType !== event.type)
        report('different-decision', `type ${decision.eventType}`, `type ${event.type}`);
      if (decision.fromState !== metadata.fromState) {
        report('different-decision', `from ${decision.fromState}`, `from ${metadata.fromState}`);
      }
      if (decision.toState !== metadata.toState)
        report('different-decision', `to ${decision.toState}`, `to ${metadata.toState}`);
      const decided = canonicalJson(decision.data);
      const stored = canonicalJson(event.data);
      if (decided !== stored) report('different-decision', `data ${decided}`, `data ${stored}`);
    } catch (error) {
      const reason = error instanceof EngineError ? error.message : String(error);
      report(
        'not-allowed',
        `${metadata.action} allowed for ${metadata.actor?.id} in ${metadata.fromState}`,
        reason,
      );
    }
    try {
      state = evolve(definition, state, event);
    } catch (error) {
      report('not-allowed', 'an event the machine can fold', String(error));
    }
  });
  if (anchored !== undefined) problems.push(...anchorProblems(events, anchored));
  return { ok: problems.length === 0, events: events.length, problems };
}

function anchorProblems(
  events: readonly RecordedEvent[],
  anchored: AnchoredStreamHead,
): VerificationProblem[] {
  const last = events.length > 0 ? events[events.length - 1]!.revision : -1;
  if (last < anchored.revision) {
    return [
      {
        revision: last + 1,
        kind: 'truncated',
        expected: `revisions up to ${anchored.revision} (anchored at position ${anchored.position}, hash ${anchored.hash})`,
        found: last < 0 ? 'no events' : `the stream ends at revision ${last}`,
      },
    ];
  }
  const stored = events.find((event) => event.revision === anchored.revision);
  const hash = (stored?.metadata as Partial<EventMetadata> | undefined)?.hash;
  return hash === anchored.hash
    ? []
    : [
        {
          revision: anchored.revision,
          kind: 'anchor-mismatch',
          expected: anchored.hash,
          found: String(hash),
        },
      ];
}

/**
 * The streams no machine decides, by their `caseType`: which events each may hold, in which order. Only
 * these may skip re-decision, each under its own stream name.
 */
const RECORD_RULES: Readonly<
  Record<
    string,
    { readonly allows: (event: RecordedEvent, index: number) => boolean; readonly expected: string }
  >
> = {
  [ERASURE_RECORD]: {
    allows: (event, index) => event.type === PERSONAL_DATA_ERASED && index === 0,
    expected: `one ${PERSONAL_DATA_ERASED} event`,
  },
  [ATTACHMENT_RECORD]: {
    allows: attachmentEventAllowed,
    expected: `${ATTACHMENT_ADDED} events only`,
  },
  [DELEGATION_RECORD]: {
    allows: delegationEventAllowed,
    expected: 'DelegationDeclared, then at most one DelegationRevoked',
  },
};

/**
 * A stream no machine decides (a personal-data erasure record, a delegation): its hash chain is recomputed
 * end to end, every event must belong to the same record, and the record's events come in their order.
 */
export function verifyRecordChain(events: readonly RecordedEvent[]): VerificationReport {
  const problems: VerificationProblem[] = [];
  let prevHash = GENESIS_HASH;
  let caseId: string | undefined;
  const recordType = (events[0]?.metadata as Partial<EventMetadata> | undefined)?.caseType ?? '';
  const rules = Object.hasOwn(RECORD_RULES, recordType) ? RECORD_RULES[recordType] : undefined;
  events.forEach((event, index) => {
    const metadata = event.metadata as unknown as EventMetadata;
    const report = (kind: VerificationProblemKind, expected: unknown, found: unknown): void => {
      problems.push({ revision: event.revision, kind, expected: String(expected), found: String(found) });
    };
    if (event.revision !== index) report('revision-gap', index, event.revision);
    if (metadata.prevHash !== prevHash) report('broken-chain', prevHash, metadata.prevHash);
    const recomputed = eventHash(event);
    if (recomputed !== metadata.hash) report('hash-mismatch', recomputed, metadata.hash);
    prevHash = metadata.hash;
    caseId ??= metadata.caseId;
    if (metadata.caseId !== caseId) report('different-case', caseId, metadata.caseId);
    const expected = `${recordType}-${metadata.caseId}`;
    if (event.streamId !== expected || metadata.caseType !== recordType)
      report('different-case', expected, event.streamId);
    if (rules === undefined || !rules.allows(event, index)) {
      report(
        'not-allowed',
        rules?.expected ?? 'a known record',
        `${event.type} at revision ${event.revision}`,
      );
    }
  });
  return { ok: problems.length === 0, events: events.length, problems };
}
