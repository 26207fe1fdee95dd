// @ts-check
/**
 * The append core of the SQLite store: schema, connection settings, the expected-revision check and the
 * group commit. Plain JavaScript (typed with JSDoc, checked by tsc) because it runs in two places: in the
 * store itself and in the writer thread (sqlite-writer.worker.mjs), which Node starts without any
 * TypeScript loader. Events arrive already serialised, so the writer thread only runs SQL.
 */

import { encodeEventRow } from './sqlite-event-row.mjs';

/**
 * @typedef {import('better-sqlite3').Database} Database
 * @typedef {import('better-sqlite3').Statement} Statement
 * @typedef {'any' | 'no_stream' | 'stream_exists' | number} ExpectedRevision
 * @typedef {{ eventId: string, type: string, data: string, metadata: string }} SerializedEvent
 *   An event as the store hands it to the append core: payload and metadata as JSON. The core lays it out
 *   in a row (sqlite-event-row.mjs), in the writer thread when there is one.
 * @typedef {import('./sqlite-event-row.mjs').EventRowValues} EncodedEvent
 * @typedef {{ streamId: string, events: SerializedEvent[], expected: ExpectedRevision }} SerializedAppend
 * @typedef {{ appends: SerializedAppend[], recordedAt: number }} CommitRequest
 * @typedef {{ nextRevision: number, position: number, repeated?: true }} AppendResult
 *   `repeated`: the events were stored already (an idempotent repeat); nothing was written.
 * @typedef {{ kind: 'wrong_expected_revision', streamId: string, expected: ExpectedRevision,
 *   actual: number | 'no_stream' }
 *   | { kind: 'duplicate_event_id', eventId: string, streamId: string }} AppendRefusal
 * @typedef {{ ok: true, result: AppendResult } | { ok: false, refusal: AppendRefusal }
 *   | { ok: false, failure: { message: string, code?: string } }} AppendOutcome
 * @typedef {{ select: Statement, insert: Statement, known: Map<string, number>,
 *   fresh: Map<string, number> }} NameTable
 *   Shapes or actors: numbers this connection knows to be committed, and those it added in the open
 *   transaction (known only once that commits).
 * @typedef {{ stream: Statement, insertStream: Statement,
 *   eventById: Statement, insertEvent: Statement, shapes: NameTable, actors: NameTable }} AppendStatements
 */

/** The file format this code writes, in `PRAGMA user_version` (set by sqlite-events-format.ts). Files of format 1 say 0. */
export const EVENTS_FORMAT = 3;

/**
 * Formats 2 and 3 (sqlite-event-row.mjs): streams are numbered, the repeated part of each event's metadata
 * is a numbered shape and actor, ids and digests are bytes; format 3 has the same tables, its shapes may
 * also hold a payload's keys. There are no foreign keys: every reference is
 * written by the append core in the same transaction as its target, and each would cost a seek per insert.
 * A stream's revision is the highest in the (stream_no, revision) index, one seek away.
 */
export const EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (
  stream_no INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS event_shapes (
  shape_no INTEGER PRIMARY KEY,
  shape TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS event_actors (
  actor_no INTEGER PRIMARY KEY,
  actor TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id NOT NULL UNIQUE,
  stream_no INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  shape_no INTEGER NOT NULL,
  actor_no INTEGER,
  data TEXT NOT NULL,
  rest TEXT,
  packed BLOB,
  occurred_at INTEGER,
  recorded_at NOT NULL,
  UNIQUE (stream_no, revision)
);
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

/** Names a connection remembers at most (shapes are few; actors are the people who act). */
const KNOWN_NAMES = 10_000;

/**
 * @param {Database} db
 * @param {string} table
 * @param {string} column
 * @returns {NameTable}
 */
function nameTable(db, table, column) {
  return {
    select: db.prepare(`SELECT ${column}_no FROM ${table} WHERE ${column} = ?`).pluck(),
    insert: db.prepare(`INSERT INTO ${table} (${column}) VALUES (?)`),
    known: new Map(),
    fresh: new Map(),
  };
}

/**
 * @param {Database} db
 * @returns {AppendStatements}
 */
export function prepareAppendStatements(db) {
  return {
    // A stream's number and revision in one statement (a call costs more than the second seek).
    stream: db
      .prepare(
        `SELECT s.stream_no, (SELECT max(revision) FROM events WHERE stream_no = s.stream_no)
         FROM streams s WHERE s.stream_id = ?`,
      )
      .raw(),
    insertStream: db.prepare('INSERT INTO streams (stream_id) VALUES (?)'),
    eventById: db.prepare(
      'SELECT s.stream_id, e.revision, e.position FROM events e JOIN streams s ON s.stream_no = e.stream_no WHERE e.event_id = ?',
    ),
    insertEvent: db.prepare(
      `INSERT INTO events (event_id, stream_no, revision, shape_no, actor_no, data, rest, packed, occurred_at,
        recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    shapes: nameTable(db, 'event_shapes', 'shape'),
    actors: nameTable(db, 'event_actors', 'actor'),
  };
}

/**
 * The number of a shape or actor, added to its table (in the open transaction) when it is new.
 * @param {NameTable} names
 * @param {string} name
 * @returns {number}
 */
export function internName(names, name) {
  let number = names.known.get(name) ?? names.fresh.get(name);
  if (number !== undefined) return number;
  number = /** @type {number | undefined} */ (names.select.get(name));
  if (number !== undefined) {
    names.fresh.set(name, number);
    return number;
  }
  number = Number(names.insert.run(name).lastInsertRowid);
  names.fresh.set(name, number);
  return number;
}

/**
 * After the transaction: its names are committed (remember them) or rolled back (forget them).
 * @param {AppendStatements} statements
 * @param {boolean} committed
 */
export function settleNames(statements, committed) {
  for (const names of [statements.shapes, statements.actors]) {
    if (committed) {
      if (names.known.size + names.fresh.size > KNOWN_NAMES) names.known.clear();
      for (const [name, number] of names.fresh) names.known.set(name, number);
    }
    names.fresh.clear();
  }
}

/**
 * @param {Statement} statement
 * @param {Uint8Array | string} eventKey
 * @returns {{ stream_id: string, revision: number, position: number } | undefined}
 */
function storedEvent(statement, eventKey) {
  return /** @type {{ stream_id: string, revision: number, position: number } | undefined} */ (
    statement.get(eventKey)
  );
}

/**
 * Checks the expected revision and writes the events inside the caller's transaction (one append, or a
 * group commit of many). Throws AppendRefused before writing anything when the check fails; a repeat of
 * events already stored consecutively in this stream answers with where they are. The events come laid out
 * (encodeAppend), their shapes and actors interned outside this append's savepoint, so a refused append
 * cannot roll back a name another append in the group uses.
 * @param {AppendStatements} statements
 * @param {SerializedAppend} append
 * @param {readonly EncodedEvent[]} encoded
 * @param {number} recordedAt
 * @returns {AppendResult}
 */
export function appendInTransaction(statements, append, encoded, recordedAt) {
  const { streamId, events, expected } = append;
  if (events.length === 0) throw new Error('append needs at least one event');
  const stream = /** @type {[number, number | null] | undefined} */ (statements.stream.get(streamId));
  let streamNo = stream?.[0];
  // MAX over no rows is NULL: a stream without events (none is ever stored so) has no revision.
  const current = stream?.[1] ?? undefined;

  const first = storedEvent(statements.eventById, encoded[0]?.eventKey ?? '');
  if (first !== undefined) {
    let last = first;
    for (const [index, event] of events.entries()) {
      const stored = storedEvent(statements.eventById, /** @type {EncodedEvent} */ (encoded[index]).eventKey);
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
    return { nextRevision: last.revision, position: last.position, repeated: true };
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

  streamNo ??= Number(statements.insertStream.run(streamId).lastInsertRowid);
  let revision = current ?? -1;
  let position = 0;
  for (let index = 0; index < events.length; index++) {
    revision += 1;
    const row = /** @type {EncodedEvent} */ (encoded[index]);
    try {
      const result = statements.insertEvent.run(
        row.eventKey,
        streamNo,
        revision,
        row.shapeNo,
        row.actorNo,
        row.data,
        row.rest,
        row.packed,
        row.occurredAt,
        recordedAt,
      );
      position = Number(result.lastInsertRowid);
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        const stored = storedEvent(statements.eventById, row.eventKey);
        if (stored !== undefined) {
          throw new AppendRefused({
            kind: 'duplicate_event_id',
            eventId: /** @type {SerializedEvent} */ (events[index]).eventId,
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
 * The append's events laid out in rows, their shapes and actors interned.
 * @param {AppendStatements} statements
 * @param {SerializedAppend} append
 * @returns {EncodedEvent[]}
 */
function encodeAppend(statements, append) {
  return append.events.map((event) => {
    const row = encodeEventRow(append.streamId, event.eventId, event.type, event.data, event.metadata);
    row.shapeNo = internName(statements.shapes, row.shape);
    if (row.actor !== null) row.actorNo = internName(statements.actors, row.actor);
    return row;
  });
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
    (
      /** @type {SerializedAppend} */ append,
      /** @type {EncodedEvent[]} */ encoded,
      /** @type {number} */ recordedAt,
    ) => appendInTransaction(statements, append, encoded, recordedAt),
  );
  /** @type {AppendOutcome[][]} */
  const outcomes = requests.map(() => []);
  try {
    db.transaction(() => {
      requests.forEach((request, index) => {
        for (const append of request.appends) {
          /** @type {AppendOutcome} */
          let outcome;
          try {
            outcome = {
              ok: true,
              result: savepoint(append, encodeAppend(statements, append), request.recordedAt),
            };
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
  } catch (error) {
    settleNames(statements, false);
    throw error;
  }
  settleNames(statements, true);
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
