import type { EventMetadata } from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import type { PersonalDataKeyVault } from '../personal-data/index.js';
import { CREATE_ACTION } from './decider.js';
import type { WorkflowRegistry } from './workflow-registry.js';

/** An event whose `commandHash` was computed over personal data in clear (before keyed fingerprints). */
export interface LegacyFingerprint {
  readonly caseType: string;
  readonly caseId: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly occurredAt: string;
  /** The case's key is destroyed: the values could be recovered by guessing against this fingerprint. */
  readonly erased: boolean;
}

/**
 * Every event of an action that declares personal data whose fingerprint is not keyed: recorded before
 * fingerprints held personal data only under the case's key. Read only; the events stay as recorded
 * (rewriting `commandHash` would break the hash chain), see docs/security.md for what to do with them.
 */
export async function* legacyFingerprints(
  store: EventStore,
  registry: WorkflowRegistry,
  vault: PersonalDataKeyVault,
): AsyncGenerator<LegacyFingerprint> {
  const declares = (caseType: string, action: string): boolean =>
    registry.has(caseType) &&
    registry.versionsOf(caseType).some((definition) => {
      const declared =
        action === CREATE_ACTION ? definition.create.personalData : definition.actions[action]?.personalData;
      return (declared?.length ?? 0) > 0;
    });
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    const legacy = page.events.filter((event) => {
      const metadata = event.metadata as unknown as EventMetadata;
      return metadata.commandHashKeyed !== true && declares(metadata.caseType, metadata.action);
    });
    // The page's keys in one round trip, each case's erasure decided before anything is yielded.
    const caseIds = new Set(legacy.map((event) => (event.metadata as unknown as EventMetadata).caseId));
    await vault.load(caseIds);
    const erased = new Map([...caseIds].map((caseId) => [caseId, vault.isErased(caseId)]));
    for (const event of legacy) {
      const metadata = event.metadata as unknown as EventMetadata;
      yield {
        caseType: metadata.caseType,
        caseId: metadata.caseId,
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        occurredAt: metadata.occurredAt,
        erased: erased.get(metadata.caseId)!,
      };
    }
    if (page.events.length === 0 || page.isEnd) return;
    after = page.lastPosition;
  }
}
