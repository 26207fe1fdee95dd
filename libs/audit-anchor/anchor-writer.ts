import type { EventStore } from '../event-store/index.js';
import type { Clock, EventMetadata, RecordedEvent } from '../kernel/index.js';
import type { AuditAnchorFile, HeadUpdate, LogAnchor } from './anchor-file.js';
import { EMPTY_LOG, foldEvent, type LogChainState } from './log-chain.js';

export interface AuditAnchorWriterOptions {
  /** How often new events are anchored (ms): the window a truncation may go unnoticed. */
  readonly intervalMs: number;
  /**
   * Events read per page; the event loop is let go between pages. Default 100: a few milliseconds of work
   * under load, so requests are served between pages of a round that anchors tens of thousands of events.
   */
  readonly pageSize?: number;
  /**
   * Events at most per anchor, bounding the heads held and the transaction (one upsert per stream touched,
   * and an fsync) that records them on the event loop. Default 2,000.
   */
  readonly eventsPerAnchor?: number;
  /** The log no longer reaches the latest anchor: someone cut it short (or restored an older backup). */
  readonly onLogBehindAnchor?: (anchor: LogAnchor, headPosition: number) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Follows the global log through the EventStore port and anchors it: every interval (and once more when
 * it stops) it folds the events after the latest anchor into the store-wide chain and records a new anchor
 * with the heads of the streams those events touched. Off the command path: commands never wait for it.
 * One writer per anchor file: the process that holds the projector lock runs it.
 */
export class AuditAnchorWriter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<LogAnchor | undefined> = Promise.resolve(undefined);
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly file: AuditAnchorFile,
    private readonly clock: Clock,
    private readonly options: AuditAnchorWriterOptions,
  ) {}

  /** Anchors every interval from now on (call `anchorNow` first to anchor at once). */
  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setInterval(() => void this.anchorNow(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Anchors everything stored now; resolves with the newest anchor (undefined while the log is empty). */
  anchorNow(): Promise<LogAnchor | undefined> {
    this.running = this.running.then(
      () => this.round(),
      () => this.round(),
    );
    return this.running.catch((error: unknown) => {
      this.options.onError?.(error);
      return undefined;
    });
  }

  /** Stops the timer and writes a last anchor, so a clean shutdown leaves the whole log anchored. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.anchorNow();
  }

  private async round(): Promise<LogAnchor | undefined> {
    let anchor = this.file.latest();
    let state: LogChainState = anchor ?? EMPTY_LOG;
    if (anchor !== undefined) {
      const head = await this.store.headPosition();
      if (head < anchor.position) this.options.onLogBehindAnchor?.(anchor, head);
    }
    const eventsPerAnchor = this.options.eventsPerAnchor ?? 2_000;
    let heads = new Map<string, HeadUpdate>();
    let pending = 0;
    for (;;) {
      const page = await this.store.readAll({
        after: state.position,
        maxCount: this.options.pageSize ?? 100,
      });
      for (const event of page.events) {
        state = foldEvent(state, event);
        heads.set(event.streamId, headOf(event, heads.get(event.streamId)));
      }
      pending += page.events.length;
      const end = page.events.length === 0 || page.isEnd;
      if (pending > 0 && (end || pending >= eventsPerAnchor)) {
        anchor = this.file.record(state, this.clock.now().toISOString(), heads.values());
        heads = new Map();
        pending = 0;
      }
      if (end) return anchor;
      // Commands get the event loop between pages: anchoring a long log never stalls them for long.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function headOf(event: RecordedEvent, earlier: HeadUpdate | undefined): HeadUpdate {
  const metadata = event.metadata as Partial<EventMetadata>;
  const data = (event.revision === 0 ? (event.data ?? {}) : {}) as { dealerId?: unknown; regionId?: unknown };
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    streamId: event.streamId,
    caseType: text(metadata.caseType),
    caseId: text(metadata.caseId),
    dealerId: earlier?.dealerId ?? text(data.dealerId),
    regionId: earlier?.regionId ?? text(data.regionId),
    revision: event.revision,
    hash: text(metadata.hash) ?? '',
    position: event.position,
  };
}
