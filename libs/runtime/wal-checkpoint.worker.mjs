// @ts-check
/**
 * The checkpointer thread (wal-checkpointer.ts): copies the read models' and the personal-data vault's
 * write-ahead logs back into their database files, so the event loop never does. A checkpoint writes
 * every page changed since the last one and fsyncs the file; left to SQLite's automatic checkpoint, that
 * ran inside whichever commit crossed 1,000 pages, on the event loop, between two commands.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * @typedef {{ type: 'checkpointed', path: string, log: number, checkpointed: number }} CheckpointReport
 * @typedef {{ type: 'failed', message: string }} CheckpointFailure
 * @typedef {{ type: 'handover', path: string }} HandoverRequest
 */

const port = parentPort;
if (port === null) throw new Error('wal-checkpoint.worker.mjs runs only as a worker thread');
const { paths, intervalMs } = /** @type {{ paths: string[], intervalMs: number }} */ (workerData);

/** @type {{ path: string, db: import('better-sqlite3').Database }[]} */
const files = [];
try {
  for (const path of paths) {
    const db = new Database(path);
    // The files are rebuildable or keep their own promise (docs/operations.md): a checkpoint syncs the
    // log before copying and the database after, which is what NORMAL asks of it.
    db.pragma('synchronous = NORMAL');
    files.push({ path, db });
  }
} catch (error) {
  fail(error);
}

/** @param {unknown} error */
function fail(error) {
  /** @type {CheckpointFailure} */
  const failure = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  port?.postMessage(failure);
  for (const { db } of files) if (db.open) db.close();
  process.exit(1);
}

/**
 * A log this long is brought back to its start (SQLite's own automatic checkpoint size). Under a steady
 * stream of commits a checkpoint never finds the whole log copied, and SQLite starts a log over only at
 * a commit that begins when it is: without the handover below, the log grows for as long as the load
 * lasts, and the commit that finally starts it over truncates it on the event loop.
 */
const RESTART_LOG_PAGES = 1000;
/** What a round may leave uncopied for the committing connection to copy itself, between two commits. */
const HANDOVER_PAGES = 256;
/** Rounds back to back while a long log is being caught up, each copying what came during the last. */
const MAX_CATCH_UP_ROUNDS = 16;

/** The last report per file: an idle file is not reported again every round. */
const lastReports = new Map();
/** Catch-up rounds in a row per file. */
const catchUpRounds = new Map();

/** @returns whether a file is being caught up, so the next round should follow at once */
function checkpointAll() {
  let catchingUp = false;
  for (const { path, db } of files) {
    // PASSIVE never waits for a reader or the writer: what it cannot copy now, the next round copies.
    const [result] = /** @type {{ log: number, checkpointed: number }[]} */ (
      db.pragma('wal_checkpoint(PASSIVE)')
    );
    if (result === undefined) continue;
    /** @type {CheckpointReport} */
    const report = {
      type: 'checkpointed',
      path,
      log: Math.max(0, result.log),
      checkpointed: Math.max(0, result.checkpointed),
    };
    const last = lastReports.get(path);
    // The report goes first: the handover below counts on the file's state being known there.
    if (last?.log !== report.log || last.checkpointed !== report.checkpointed) {
      lastReports.set(path, report);
      port?.postMessage(report);
    }
    const uncopied = report.log - report.checkpointed;
    const rounds = catchUpRounds.get(path) ?? 0;
    if (report.log < RESTART_LOG_PAGES) catchUpRounds.set(path, 0);
    else if (uncopied <= HANDOVER_PAGES) {
      // The connection copies the rest between two commits; its next commit then starts the log over.
      catchUpRounds.set(path, 0);
      /** @type {HandoverRequest} */
      const handover = { type: 'handover', path };
      port?.postMessage(handover);
    } else if (rounds < MAX_CATCH_UP_ROUNDS && report.checkpointed !== last?.checkpointed) {
      // Still copying (a reader holding an old snapshot would stop the progress): go again at once.
      catchUpRounds.set(path, rounds + 1);
      catchingUp = true;
    } else catchUpRounds.set(path, 0);
  }
  return catchingUp;
}

/** @type {ReturnType<typeof setTimeout>} */
let timer = setTimeout(round, intervalMs);

function round() {
  try {
    timer = setTimeout(round, checkpointAll() ? 0 : intervalMs);
  } catch (error) {
    fail(error);
  }
}

port.on('message', (/** @type {{ type: 'close' }} */ message) => {
  if (message.type !== 'close') return;
  clearTimeout(timer);
  try {
    checkpointAll();
  } finally {
    for (const { db } of files) db.close();
    port.close();
  }
});
