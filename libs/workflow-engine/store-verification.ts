import { StreamNotFoundError, type EventMetadata, type RecordedEvent } from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import {
  EMPTY_LOG,
  foldEvent,
  type AnchoredHead,
  type LogAnchor,
  type LogChainState,
} from '../audit-anchor/index.js';
import { LruCache } from './lru-cache.js';
import { verifyCase, type VerificationProblem, type VerificationReport } from './verification.js';
import type { WorkflowRegistry } from './workflow-registry.js';

export interface CaseVerification extends VerificationReport {
  readonly streamId: string;
  readonly caseType: string;
  readonly caseId: string;
}

/** The log as a whole against its latest anchor: cut short, or changed before the anchored position. */
export interface LogVerification {
  readonly ok: boolean;
  /** The anchor compared with (null: nothing anchored yet, so truncation of the log cannot be told). */
  readonly anchor: LogAnchor | null;
  readonly problems: readonly {
    readonly kind: 'log-truncated' | 'log-changed';
    readonly expected: string;
    readonly found: string;
  }[];
}

export interface StoreVerificationSummary {
  readonly cases: number;
  readonly events: number;
  readonly casesWithProblems: number;
  /** Only for a verification of the whole store (no scope): the log against its latest anchor. */
  readonly log?: LogVerification;
}

/** The anchors a verification compares with (an AuditAnchorFile). */
export interface AnchorSource {
  latest(): LogAnchor | undefined;
  head(streamId: string): AnchoredHead | undefined;
  heads(): Iterable<AnchoredHead>;
}

/** A case's owner as its first event names it; null where nobody can tell (first event and anchor gone). */
export interface StreamOwner {
  readonly dealerId: string | null;
  readonly regionId: string | null;
}

export interface StoreVerificationOptions {
  readonly pageSize?: number;
  readonly recentStreams?: number;
  readonly anchors?: AnchorSource;
  /**
   * Limits the walk to the cases the caller may see (a regional auditor): others are neither verified nor
   * named, counts cover only these, and the store-wide log check is left out.
   */
  readonly inScope?: (owner: StreamOwner) => boolean;
  /**
   * Checks of what a stream's events name outside the log (the blobs of an attachment record): problems
   * are added to the stream's report. Called with every stream the walk verifies.
   */
  readonly contentProblems?: (events: readonly RecordedEvent[]) => Promise<VerificationProblem[]>;
}

/**
 * Walks the global log once, page by page, and verifies every case when its first event goes by (one
 * stream in memory at a time). An event whose stream has no first event in the log — one deleted — is
 * reported too; a bounded cache of recently verified streams keeps that check cheap without holding every
 * stream id of the store. With anchors, each stream must still reach its anchored head, every anchored
 * stream must still exist, and the store-wide chain recomputed over the log must match the latest anchor.
 */
export async function* verifyStore(
  store: EventStore,
  registry: WorkflowRegistry,
  options: StoreVerificationOptions = {},
): AsyncGenerator<CaseVerification, StoreVerificationSummary> {
  const recent = new LruCache<string, true>(options.recentStreams ?? 10_000);
  const anchors = options.anchors;
  const scoped = options.inScope !== undefined;
  const inScope = options.inScope ?? (() => true);
  // Read before the log: everything anchored is then already in what the walk reads.
  const anchor = scoped ? undefined : anchors?.latest();
  let walked: LogChainState = EMPTY_LOG;
  let atAnchor: LogChainState = EMPTY_LOG;
  let after = 0;
  let cases = 0;
  let events = 0;
  let casesWithProblems = 0;
  const counted = (report: CaseVerification): CaseVerification => {
    cases += 1;
    if (scoped) events += report.events;
    if (!report.ok) casesWithProblems += 1;
    return report;
  };
  for (;;) {
    const page = await store.readAll({ after, maxCount: options.pageSize ?? 1000 });
    for (const event of page.events) {
      if (!scoped) {
        events += 1;
        if (anchor !== undefined) {
          walked = foldEvent(walked, event);
          if (event.position <= anchor.position) atAnchor = walked;
        }
      }
      const metadata = event.metadata as unknown as EventMetadata;
      if (event.revision === 0) {
        recent.set(event.streamId, true);
        const data = (event.data ?? {}) as { dealerId?: unknown; regionId?: unknown };
        if (!inScope({ dealerId: text(data.dealerId), regionId: text(data.regionId) })) continue;
        const head = anchors?.head(event.streamId);
        const stream = await readWhole(store, event.streamId);
        const report = withContent(
          verifyCase(registry, stream, head),
          await options.contentProblems?.(stream),
        );
        yield counted({
          ...report,
          streamId: event.streamId,
          caseType: metadata.caseType,
          caseId: metadata.caseId,
        });
      } else if (recent.get(event.streamId) === undefined) {
        recent.set(event.streamId, true);
        const head = anchors?.head(event.streamId);
        const first = await readWhole(store, event.streamId, 0);
        if (first.length === 0 || first[0]!.revision !== 0) {
          if (!inScope(head ?? { dealerId: null, regionId: null })) continue;
          // The case's first event is gone: verify what is left so every problem is named.
          const stream = await readWhole(store, event.streamId);
          const report = verifyCase(registry, stream, head);
          yield counted({
            ...report,
            ok: false,
            streamId: event.streamId,
            caseType: metadata.caseType,
            caseId: metadata.caseId,
          });
        }
      }
    }
    if (page.events.length === 0 || page.isEnd) break;
    after = page.lastPosition;
  }
  if (anchors !== undefined) {
    // A stream deleted whole leaves no event for the walk to meet: only its anchored head remembers it.
    for (const head of anchors.heads()) {
      if (!inScope(head) || (await store.streamRevision(head.streamId)) !== undefined) continue;
      yield counted({
        ...verifyCase(registry, [], head),
        streamId: head.streamId,
        caseType: head.caseType ?? '',
        caseId: head.caseId ?? '',
      });
    }
  }
  const summary = { cases, events, casesWithProblems };
  if (scoped || anchors === undefined) return summary;
  return { ...summary, log: checkLog(anchor, walked, atAnchor) };
}

function checkLog(
  anchor: LogAnchor | undefined,
  walked: LogChainState,
  atAnchor: LogChainState,
): LogVerification {
  if (anchor === undefined) return { ok: true, anchor: null, problems: [] };
  const expected = `${anchor.events} events up to position ${anchor.position}, chain ${anchor.chainHash}`;
  if (walked.position < anchor.position) {
    return {
      ok: false,
      anchor,
      problems: [
        {
          kind: 'log-truncated',
          expected,
          found: `the log ends at position ${walked.position} after ${walked.events} events`,
        },
      ],
    };
  }
  if (atAnchor.events !== anchor.events || atAnchor.chainHash !== anchor.chainHash) {
    return {
      ok: false,
      anchor,
      problems: [
        {
          kind: 'log-changed',
          expected,
          found: `${atAnchor.events} events up to position ${atAnchor.position}, chain ${atAnchor.chainHash}`,
        },
      ],
    };
  }
  return { ok: true, anchor, problems: [] };
}

function withContent(
  report: VerificationReport,
  content: readonly VerificationProblem[] | undefined,
): VerificationReport {
  if (content === undefined || content.length === 0) return report;
  const problems = [...report.problems, ...content];
  return { ...report, ok: false, problems };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

async function readWhole(store: EventStore, streamId: string, toRevision?: number) {
  try {
    return await store.readStream(streamId, toRevision !== undefined ? { fromRevision: 0, toRevision } : {});
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}
