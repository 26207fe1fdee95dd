import type Database from 'better-sqlite3';
import {
  EVENTS_FORMAT,
  EVENTS_SCHEMA,
  internName,
  prepareAppendStatements,
  settleNames,
} from './sqlite-append.mjs';
import { millisecondsOf } from './iso-time.mjs';
import { encodeEventRow } from './sqlite-event-row.mjs';
import { migrateSqliteFile, type SqliteSchema } from '../../sqlite-migrations/index.js';

/** How long opening waits for another process's conversion of the same file: a million events take ≈ a minute. */
const CONVERSION_WAIT_MS = 30 * 60_000;

/** Rows copied per read of the old table while converting (the connection cannot write while iterating). */
const PAGE = 10_000;

type Format1Row = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

const isFormat1 = (db: Database.Database): boolean =>
  db.prepare("SELECT 1 FROM pragma_table_info('events') WHERE name = 'metadata'").get() !== undefined;

/**
 * The event file's migrations. Its version is its format: format 1 files say 0 (they were written before
 * files carried a version), so the first step is version 2 and it either creates format 2 in a new file
 * or converts a file of format 1. Format 3 (sqlite-event-row.mjs) keeps format 2's tables and rows: its
 * shapes may also lay out a payload, which code of format 2 would misread, so the step only raises the
 * version; rows of format 2 are read as they are. A later format is a later step here, never an edit of
 * these. All steps run in one transaction: a file of format 1 is converted straight to rows of format 3.
 */
export function eventsFileSchema(converted: { events: number } = { events: 0 }): SqliteSchema {
  return {
    file: 'the event file',
    migrations: [
      {
        version: 2,
        description: 'format 2: numbered streams, shapes and actors; ids and digests as bytes',
        up: (db) => {
          if (isFormat1(db)) converted.events = convertFormat1(db);
          else db.exec(EVENTS_SCHEMA);
        },
      },
      {
        version: 3,
        description:
          "format 3: payload keys in the shape, correlation and causation ids as bytes; format 2's rows kept",
        up: () => {},
      },
    ],
  };
}

/**
 * Brings the event file to the format this code writes (see `eventsFileSchema`) and refuses a file
 * written by a newer version rather than misread it. Returns how many events were converted from format 1.
 */
export function openEventsFile(db: Database.Database): number {
  const converted = { events: 0 };
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  // A process that opens the file while another converts it waits for that to finish (it then finds the
  // file converted), instead of failing after the usual busy timeout of a few seconds.
  db.pragma(`busy_timeout = ${CONVERSION_WAIT_MS}`);
  try {
    migrateSqliteFile(db, eventsFileSchema(converted));
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
  return converted.events;
}

/**
 * Rewrites a file of format 1 (every event's metadata as JSON text, stream ids in every row) in format 2,
 * inside the migration's transaction. Positions, event ids, revisions, payloads and metadata are kept
 * exactly, so subscriptions' checkpoints and the hash chain stay valid; a failure leaves the file as it was.
 */
function convertFormat1(db: Database.Database): number {
  let converted = 0;
  const sequence = db
    .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
    .pluck()
    .get();
  // `streams` is the first format's table of revisions, dropped by every version since.
  db.exec('ALTER TABLE events RENAME TO events_format1; DROP TABLE IF EXISTS streams;');
  db.exec(EVENTS_SCHEMA);
  const append = prepareAppendStatements(db);
  try {
    const page = db
      .prepare<[number], Format1Row>(
        `SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at
         FROM events_format1 WHERE position > ? ORDER BY position LIMIT ${PAGE}`,
      )
      .raw();
    const streamNoOf = db.prepare('SELECT stream_no FROM streams WHERE stream_id = ?').pluck();
    const insert = db.prepare(
      `INSERT INTO events (position, event_id, stream_no, revision, shape_no, actor_no, data, rest, packed,
        occurred_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let after = 0, rows = page.all(after); rows.length > 0; rows = page.all(after)) {
      for (const [position, eventId, streamId, revision, type, data, metadata, recordedAt] of rows) {
        let event: ReturnType<typeof encodeEventRow>;
        try {
          event = encodeEventRow(streamId, eventId, type, data, metadata);
        } catch (error) {
          throw new Error(
            `The engine could not convert the event at position ${position} (event id ${eventId}) to format ${EVENTS_FORMAT}: ${(error as Error).message}. The file is unchanged; restore a backup or repair that row.`,
            { cause: error },
          );
        }
        const streamNo =
          (streamNoOf.get(streamId) as number | undefined) ??
          Number(append.insertStream.run(streamId).lastInsertRowid);
        insert.run(
          position,
          event.eventKey,
          streamNo,
          revision,
          internName(append.shapes, event.shape),
          event.actor === null ? null : internName(append.actors, event.actor),
          // The payload's text as it was stored, not re-serialised.
          event.data,
          event.rest,
          event.packed,
          event.occurredAt,
          millisecondsOf(recordedAt) ?? recordedAt,
        );
        after = position;
        converted += 1;
      }
    }
  } finally {
    // The names this conversion interned are not used after it; the store prepares its own.
    settleNames(append, false);
  }
  db.exec('DROP TABLE events_format1');
  // AUTOINCREMENT: no position is handed out twice, even one whose event is gone.
  if (sequence !== undefined) {
    db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'events'").run(sequence);
    if (db.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'events'").get() === undefined)
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)").run(sequence);
  }
  return converted;
}
