// @ts-check
/**
 * The SQLite store's writer thread: owns the write connection and runs the group commits (SQL and fsync)
 * on the second core while the event loop decides the next commands. Every request waiting when the
 * thread gets to it joins one transaction, so a busy thread commits bigger groups, not more of them.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { commitGroup, configureConnection, failureOf, prepareAppendStatements } from './sqlite-append.mjs';

/**
 * @typedef {import('./sqlite-append.mjs').CommitRequest} CommitRequest
 * @typedef {(CommitRequest & { type: 'commit', id: number }) | { type: 'close' }} WriterRequest
 */

const port = parentPort;
if (port === null) throw new Error('sqlite-writer.worker.mjs runs only as a worker thread');
const { path, synchronous } = /** @type {{ path: string, synchronous: 'FULL' | 'NORMAL' }} */ (workerData);
const db = new Database(path);
configureConnection(db, synchronous);
const statements = prepareAppendStatements(db);

port.on('message', (/** @type {WriterRequest} */ first) => {
  /** @type {(CommitRequest & { id: number })[]} */
  const group = [];
  let closing = false;
  for (let request = first; ;) {
    if (request.type === 'close') closing = true;
    else group.push(request);
    const next = receiveMessageOnPort(port);
    if (next === undefined) break;
    request = next.message;
  }
  if (group.length > 0) {
    try {
      const outcomes = commitGroup(db, statements, group);
      port.postMessage(group.map((request, index) => ({ id: request.id, outcomes: outcomes[index] })));
    } catch (error) {
      const commitFailed = failureOf(error);
      port.postMessage(group.map((request) => ({ id: request.id, commitFailed })));
    }
  }
  if (closing) {
    db.close();
    port.close();
  }
});
