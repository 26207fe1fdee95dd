import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** How often the thread checkpoints every file (ms). */
  readonly intervalMs: number;
  /** Told once when the thread fails; the connections then checkpoint themselves again. */
  readonly onFailure?: (error: Error) => void;
}

/** A file's WAL as the thread's latest round left it. */
export interface WalState {
  /** Pages in the log (it restarts from the beginning once everything in it has been copied). */
  readonly logPages: number;
  /** Pages of the log the round could not copy, because a reader still used an older snapshot. */
  readonly uncopiedPages: number;
  /** Times this connection copied a long log's last pages so that its next commit started the log over. */
  readonly handovers: number;
}

export interface CheckpointState {
  /** Whether checkpoints run in the thread (false once it has failed or closed). */
  readonly inThread: boolean;
  /** By file path (the connection's `name`), once the thread has checkpointed it. */
  readonly files: ReadonlyMap<string, WalState>;
}

/** SQLite's own default: a commit that leaves more than this many pages in the log checkpoints. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
/** After a checkpoint has emptied it, a log that grew past this during a burst is cut back. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

type ThreadMessage =
  | { type: 'checkpointed'; path: string; log: number; checkpointed: number }
  | { type: 'handover'; path: string }
  | { type: 'failed'; message: string };

/**
 * Moves the read models' and the vault's WAL checkpoints off the event loop into a thread of their own.
 * Those connections commit once per projection batch and once per new case's key; with SQLite's
 * automatic checkpoint, every thousandth page made one of those commits copy the log into the database
 * and fsync it, on the event loop, while commands waited (≈ 12 % of the HTTP server's time on the
 * complaint workload, docs/performance.md). Here the connections never checkpoint; a thread with its
 * own connections does, every `intervalMs`. If the thread fails, the connections checkpoint themselves
 * again, so the logs never grow without bound.
 *
 * Not for the event file: its commits run in the writer thread already, and it is synchronous=FULL.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private closing = false;
  private failed = false;
  private readonly walStates = new Map<string, WalState>();
  /** Per file, this connection's `total_changes()` at its last handover (or when the thread started). */
  private readonly changesAtHandover = new Map<string, number>();

  /** `connections`: this thread's connections to WAL-mode files, which commit to them. */
  constructor(
    private readonly connections: readonly Database.Database[],
    private readonly options: WalCheckpointerOptions,
  ) {
    for (const db of connections) {
      this.changesAtHandover.set(db.name, totalChanges(db));
      db.pragma('wal_autocheckpoint = 0');
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    this.worker = new Worker(new URL('./wal-checkpoint.worker.mjs', import.meta.url), {
      // The thread opens each file by the path its connection was opened with.
      workerData: { paths: connections.map((db) => db.name), intervalMs: options.intervalMs },
      execArgv: [],
    });
    this.worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'failed') this.fail(new Error(message.message));
      else if (message.type === 'handover') this.copyRest(message.path);
      else {
        this.walStates.set(message.path, {
          logPages: message.log,
          uncopiedPages: message.log - message.checkpointed,
          handovers: this.walStates.get(message.path)?.handovers ?? 0,
        });
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        if (!this.closing) this.fail(new Error(`The WAL checkpoint thread stopped (exit code ${code})`));
        resolve();
      });
    });
    // Its timer must not keep a process alive that has nothing else to do.
    this.worker.unref();
  }

  state(): CheckpointState {
    return { inThread: !this.failed && !this.closing, files: this.walStates };
  }

  /** One last round, then the thread stops; call before closing the connections. */
  async close(): Promise<void> {
    if (this.closing) return this.exited;
    this.closing = true;
    if (!this.failed) {
      this.worker.ref();
      this.worker.postMessage({ type: 'close' });
    }
    await this.exited;
    this.restoreAutomaticCheckpoints();
  }

  /**
   * The thread has copied a long log all but a few pages. Copied here, between two commits (a message is
   * handled between tasks, never inside a transaction), the log is then whole in the file, and this
   * connection's next commit starts it over instead of appending. Two small fsyncs on the event loop
   * against a log that would otherwise grow as long as commits keep coming. Only a connection that has
   * committed since the last handover does it: when another process writes the file (the worker holding
   * the projector lock), copying here could not keep that process's commits from coming in between.
   */
  private copyRest(path: string): void {
    const db = this.connections.find((connection) => connection.name === path);
    if (db === undefined || !db.open || db.inTransaction || this.closing) return;
    const changes = totalChanges(db);
    if (changes === this.changesAtHandover.get(path)) return;
    this.changesAtHandover.set(path, changes);
    db.pragma('wal_checkpoint(PASSIVE)');
    // The thread reports a file before it asks for its first handover, so its state is here.
    const state = this.walStates.get(path);
    if (state !== undefined) this.walStates.set(path, { ...state, handovers: state.handovers + 1 });
  }

  private fail(cause: Error): void {
    if (this.failed || this.closing) return;
    this.failed = true;
    this.restoreAutomaticCheckpoints();
    this.options.onFailure?.(
      new Error(`The WAL checkpoint thread failed (${cause.message}); connections checkpoint themselves`, {
        cause,
      }),
    );
  }

  private restoreAutomaticCheckpoints(): void {
    for (const db of this.connections) {
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    }
  }
}

/** Rows this connection has changed since it was opened. */
function totalChanges(db: Database.Database): number {
  return db.prepare('SELECT total_changes()').pluck().get() as number;
}
