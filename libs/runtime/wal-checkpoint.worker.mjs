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

/** The last report per file: an idle file is not reported again every round. */
const lastReports = new Map();

function checkpointAll() {
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
    if (last?.log === report.log && last.checkpointed === report.checkpointed) continue;
    lastReports.set(path, report);
    port?.postMessage(report);
  }
}

const timer = setInterval(() => {
  try {
    checkpointAll();
  } catch (error) {
    clearInterval(timer);
    fail(error);
  }
}, intervalMs);

port.on('message', (/** @type {{ type: 'close' }} */ message) => {
  if (message.type !== 'close') return;
  clearInterval(timer);
  try {
    checkpointAll();
  } finally {
    for (const { db } of files) db.close();
    port.close();
  }
});
