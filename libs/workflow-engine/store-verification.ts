import { StreamNotFoundError, type EventMetadata } from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import { LruCache } from './lru-cache.js';
import { verifyCase, type VerificationReport } from './verification.js';
import type { WorkflowRegistry } from './workflow-registry.js';

export interface CaseVerification extends VerificationReport {
  readonly streamId: string;
  readonly caseType: string;
  readonly caseId: string;
}

export interface StoreVerificationSummary {
  readonly cases: number;
  readonly events: number;
  readonly casesWithProblems: number;
}

/**
 * Walks the global log once, page by page, and verifies every case when its first event goes by (one
 * stream in memory at a time). An event whose stream has no first event in the log — one deleted — is
 * reported too; a bounded cache of recently verified streams keeps that check cheap without holding every
 * stream id of the store.
 */
export async function* verifyStore(
  store: EventStore,
  registry: WorkflowRegistry,
  options: { pageSize?: number; recentStreams?: number } = {},
): AsyncGenerator<CaseVerification, StoreVerificationSummary> {
  const recent = new LruCache<string, true>(options.recentStreams ?? 10_000);
  let after = 0;
  let cases = 0;
  let events = 0;
  let casesWithProblems = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: options.pageSize ?? 1000 });
    for (const event of page.events) {
      events += 1;
      const metadata = event.metadata as unknown as EventMetadata;
      if (event.revision === 0) {
        const stream = await readWhole(store, event.streamId);
        const report = verifyCase(registry, stream);
        recent.set(event.streamId, true);
        cases += 1;
        if (!report.ok) casesWithProblems += 1;
        yield { ...report, streamId: event.streamId, caseType: metadata.caseType, caseId: metadata.caseId };
      } else if (recent.get(event.streamId) === undefined) {
        const first = await readWhole(store, event.streamId, 0);
        recent.set(event.streamId, true);
        if (first.length === 0 || first[0]!.revision !== 0) {
          // The case's first event is gone: verify what is left so every problem is named.
          const stream = await readWhole(store, event.streamId);
          const report = verifyCase(registry, stream);
          cases += 1;
          casesWithProblems += 1;
          yield {
            ...report,
            ok: false,
            streamId: event.streamId,
            caseType: metadata.caseType,
            caseId: metadata.caseId,
          };
        }
      }
    }
    if (page.events.length === 0 || page.isEnd) break;
    after = page.lastPosition;
  }
  return { cases, events, casesWithProblems };
}

async function readWhole(store: EventStore, streamId: string, toRevision?: number) {
  try {
    return await store.readStream(streamId, toRevision !== undefined ? { fromRevision: 0, toRevision } : {});
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}
