import type { EventStore } from '../event-store/index.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';

export interface LogChainReport {
  readonly events: number;
  readonly streams: number;
  /** Events whose hash was recomputed and whose chain link was checked. */
  readonly hashed: number;
  readonly problems: readonly { position: number; streamId: string; revision: number; problem: string }[];
}

/**
 * Reads the whole log once and checks, stream by stream, that revisions run 0, 1, 2, … and that every
 * event that carries a hash has the hash recomputed from its content and the previous event's hash as its
 * `prevHash`. It re-decides nothing (that is `verifyStore`'s job): this is the check after a store was
 * copied, that every event arrived exactly as it was recorded.
 */
export async function checkLogChains(store: EventStore, pageSize = 2000): Promise<LogChainReport> {
  const heads = new Map<string, { revision: number; hash: string }>();
  const problems: LogChainReport['problems'][number][] = [];
  let events = 0;
  let hashed = 0;
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    for (const event of page.events) {
      events += 1;
      const head = heads.get(event.streamId);
      const where = { position: event.position, streamId: event.streamId, revision: event.revision };
      const expectedRevision = head === undefined ? 0 : head.revision + 1;
      if (event.revision !== expectedRevision)
        problems.push({ ...where, problem: `revision ${event.revision} where ${expectedRevision} was due` });
      const stored = event.metadata.hash;
      if (typeof stored === 'string') {
        hashed += 1;
        const previous = head?.hash ?? GENESIS_HASH;
        if (event.metadata.prevHash !== previous) problems.push({ ...where, problem: 'broken chain' });
        if (eventHash(event) !== stored) problems.push({ ...where, problem: 'hash mismatch' });
      }
      heads.set(event.streamId, { revision: event.revision, hash: typeof stored === 'string' ? stored : '' });
    }
    if (page.isEnd) break;
    after = page.lastPosition;
  }
  return { events, streams: heads.size, hashed, problems };
}
