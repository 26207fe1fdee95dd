import { Worker } from 'node:worker_threads';
import type { AppendOutcome, SerializedAppend } from './sqlite-append.mjs';

/** Runs group commits: on the event loop, or in the writer thread. */
export interface GroupCommitter {
  /** Resolves with each append's outcome once the batch's transaction has committed. */
  commit(appends: readonly SerializedAppend[], recordedAt: number): Promise<AppendOutcome[]>;
  /**
   * Appends the store may hand over before the end of the event loop's turn. On the event loop a group
   * should be as big as the turn makes it; a writer thread is better fed early, so it commits while this
   * thread decides the rest of the turn's commands.
   */
  readonly eagerBatch: number;
  /** False once a writer thread has failed or closed: the store then commits on its event loop. */
  readonly available: boolean;
  close(): Promise<void>;
}

type WriterReply =
  | { readonly id: number; readonly outcomes: AppendOutcome[] }
  | { readonly id: number; readonly commitFailed: { message: string; code?: string } };

/** Measured with the scale bench (docs/performance.md): the default young generation added ≈ 25 MiB of RSS. */
const WRITER_YOUNG_GENERATION_MB = 4;

/** Measured on the complaint workload at 64 in flight (docs/performance.md). */
const EAGER_BATCH = 4;

/** An error that crossed the thread boundary as its message and SQLite code. */
export function storeFailure(failure: { message: string; code?: string }): Error {
  return Object.assign(new Error(failure.message), failure.code !== undefined ? { code: failure.code } : {});
}

/**
 * The write connection in a worker thread (sqlite-writer.worker.mjs). better-sqlite3 is synchronous, so on
 * the event loop every INSERT and COMMIT (fsync included) blocks the deciding of other commands; here the
 * second core does them. Requests are posted as they come; the thread commits all those waiting for it as
 * one group. The thread keeps the process alive only while a request is in it.
 */
export class SqliteWriterThread implements GroupCommitter {
  readonly eagerBatch = EAGER_BATCH;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<
    number,
    { resolve: (outcomes: AppendOutcome[]) => void; reject: (error: unknown) => void }
  >();
  private nextId = 1;
  private closing = false;
  private failure: Error | undefined;

  constructor(
    path: string,
    synchronous: 'FULL' | 'NORMAL',
    private readonly onFailure: (error: Error) => void = () => {},
  ) {
    this.worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), {
      workerData: { path, synchronous },
      // The thread needs no flags, and some of the process's own (--input-type, loaders) break it.
      execArgv: [],
      // The thread lays events out in rows (parsing their metadata): a small young generation keeps its
      // heap, which every thread has in addition to the process's, from adding tens of MiB to the RSS.
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    this.worker.on('message', (replies: WriterReply[]) => {
      for (const reply of replies) this.settle(reply);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        if (!this.closing) this.fail(new Error(`The SQLite writer thread stopped (exit code ${code})`));
        resolve();
      });
    });
    // After the listeners: attaching a 'message' listener refs the worker's port again, and an idle
    // thread must not keep the process alive (a store opened only to read would never let it exit).
    this.worker.unref();
  }

  get available(): boolean {
    return this.failure === undefined && !this.closing;
  }

  commit(appends: readonly SerializedAppend[], recordedAt: number): Promise<AppendOutcome[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'commit', id, recordedAt, appends });
    });
  }

  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    this.worker.ref();
    this.worker.postMessage({ type: 'close' });
    await this.exited;
  }

  private settle(reply: WriterReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    if ('commitFailed' in reply) waiting.reject(storeFailure(reply.commitFailed));
    else waiting.resolve(reply.outcomes);
  }

  /**
   * The thread died: nothing in it is acknowledged, and the store commits on its event loop from now on
   * (the dead thread's open transaction, if any, was rolled back with its connection).
   */
  private fail(cause: Error): void {
    // The batch in the thread may have committed just before it died: its outcome is unknown, and a
    // retry with the same event ids is answered as a repeat if it was stored.
    const error = new Error(
      `The SQLite writer thread failed (${cause.message}); appends in it may or may not be stored`,
      { cause },
    );
    if (this.failure === undefined) {
      this.failure = error;
      this.onFailure(error);
    }
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
