// @ts-check
/**
 * The append core of the SQLite store: schema, connection settings, the expected-revision check and the
 * group commit. Plain JavaScript (typed with JSDoc, checked by tsc) because it runs in two places: in the
 * store itself and in the writer thread (sqlite-writer.worker.mjs), which Node starts without any
 * TypeScript loader. Events arrive already serialised, so the writer thread only runs SQL.
 */

/**
 * @typedef {import('better-sqlite3').Database} Database
 * @typedef {import('better-sqlite3').Statement} Statement
 * @typedef {'any' | 'no_stream' | 'stream_exists' | number} ExpectedRevision
 * @typedef {{ eventId: string, type: string, data: string, metadata: string }} SerializedEvent
 * @typedef {{ streamId: string, events: SerializedEvent[], expected: ExpectedRevision }} SerializedAppend
 * @typedef {{ appends: SerializedAppend[], recordedAt: string }} CommitRequest
 * @typedef {{ nextRevision: number, position: number }} AppendResult
 * @typedef {{ kind: 'wrong_expected_revision', streamId: string, expected: ExpectedRevision,
 *   actual: number | 'no_stream' }
 *   | { kind: 'duplicate_event_id', eventId: string, streamId: string }} AppendRefusal
 * @typedef {{ ok: true, result: AppendResult } | { ok: false, refusal: AppendRefusal }
 *   | { ok: false, failure: { message: string, code?: string } }} AppendOutcome
 * @typedef {{ streamRevision: Statement, eventById: Statement, insertEvent: Statement }} AppendStatements
 */

/**
 * A stream's revision is the highest in the (stream_id, revision) index, one seek away. Files of the
 * first format also kept it in a streams table, updated by every append: one more B-tree page in every
 * commit, for a figure the index already has (dropping it gave 2–30 % more commands per second). Such a
 * table is dropped when the file is opened.
 */
export const EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
DROP TABLE IF EXISTS streams;
`;

/**
 * The settings every connection to the event file uses. `synchronous` is set explicitly: better-sqlite3
 * only defaults to NORMAL when it opens a file already in WAL mode.
 * @param {Database} db
 * @param {'FULL' | 'NORMAL'} synchronous
 */
export function configureConnection(db, synchronous) {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

/** An append the store refuses: its expected revision is wrong, or an event id is stored elsewhere. */
export class AppendRefused extends Error {
  /** @param {AppendRefusal} refusal */
  constructor(refusal) {
    super(refusal.kind);
    /** @readonly */
    this.refusal = refusal;
  }
}

/**
 * @param {Database} db
 * @returns {AppendStatements}
 */
export function prepareAppendStatements(db) {
  return {
    streamRevision: db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?'),
    eventById: db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
    insertEvent: db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}

/**
 * @param {Statement} statement
 * @param {string} eventId
 * @returns {{ stream_id: string, revision: number, position: number } | undefined}
 */
function storedEvent(statement, eventId) {
  return /** @type {{ stream_id: string, revision: number, position: number } | undefined} */ (
    statement.get(eventId)
  );
}

/**
 * Checks the expected revision and writes the events inside the caller's transaction (one append, or a
 * group commit of many). Throws AppendRefused before writing anything when the check fails; a repeat of
 * events already stored consecutively in this stream answers with where they are.
 * @param {AppendStatements} statements
 * @param {SerializedAppend} append
 * @param {string} recordedAt
 * @returns {AppendResult}
 */
export function appendInTransaction(statements, append, recordedAt) {
  const { streamId, events, expected } = append;
  if (events.length === 0) throw new Error('append needs at least one event');
  const row = /** @type {{ revision: number | null } | undefined} */ (
    statements.streamRevision.get(streamId)
  );
  // MAX over no rows is NULL: the stream does not exist.
  const current = row?.revision ?? undefined;

  const first = storedEvent(statements.eventById, events[0]?.eventId ?? '');
  if (first !== undefined) {
    let last = first;
    for (const [index, event] of events.entries()) {
      const stored = storedEvent(statements.eventById, event.eventId);
      if (
        stored === undefined ||
        stored.stream_id !== streamId ||
        stored.revision !== first.revision + index
      ) {
        throw new AppendRefused({
          kind: 'duplicate_event_id',
          eventId: event.eventId,
          streamId: stored?.stream_id ?? first.stream_id,
        });
      }
      last = stored;
    }
    return { nextRevision: last.revision, position: last.position };
  }

  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'number' && current === expected);
  if (!ok) {
    throw new AppendRefused({
      kind: 'wrong_expected_revision',
      streamId,
      expected,
      actual: current ?? 'no_stream',
    });
  }

  let revision = current ?? -1;
  let position = 0;
  for (const event of events) {
    revision += 1;
    try {
      const result = statements.insertEvent.run(
        event.eventId,
        streamId,
        revision,
        event.type,
        event.data,
        event.metadata,
        recordedAt,
      );
      position = Number(result.lastInsertRowid);
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const stored = storedEvent(statements.eventById, event.eventId);
        if (stored !== undefined) {
          throw new AppendRefused({
            kind: 'duplicate_event_id',
            eventId: event.eventId,
            streamId: stored.stream_id,
          });
        }
      }
      throw error;
    }
  }
  return { nextRevision: revision, position };
}

/**
 * One group commit: every append in its own savepoint inside one IMMEDIATE transaction, so a refused
 * append rolls back alone and the rest share one fsync. Takes the appends as the requests they came in
 * (each with the time the store recorded them) and returns each request's outcomes; throws (and stores
 * nothing) when the transaction itself fails (disk full, I/O error).
 * @param {Database} db
 * @param {AppendStatements} statements
 * @param {readonly CommitRequest[]} requests
 * @returns {AppendOutcome[][]}
 */
export function commitGroup(db, statements, requests) {
  const savepoint = db.transaction(
    (/** @type {SerializedAppend} */ append, /** @type {string} */ recordedAt) =>
      appendInTransaction(statements, append, recordedAt),
  );
  /** @type {AppendOutcome[][]} */
  const outcomes = requests.map(() => []);
  db.transaction(() => {
    requests.forEach((request, index) => {
      for (const append of request.appends) {
        /** @type {AppendOutcome} */
        let outcome;
        try {
          outcome = { ok: true, result: savepoint(append, request.recordedAt) };
        } catch (error) {
          outcome =
            error instanceof AppendRefused
              ? { ok: false, refusal: error.refusal }
              : { ok: false, failure: failureOf(error) };
        }
        outcomes[index]?.push(outcome);
      }
    });
  }).immediate();
  return outcomes;
}

/**
 * What crosses the thread boundary of an unexpected error.
 * @param {unknown} error
 * @returns {{ message: string, code?: string }}
 */
export function failureOf(error) {
  const code = /** @type {{ code?: unknown }} */ (error)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
