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
  db.pragma('user_version', { simple: true }) === 0 &&
  db.prepare("SELECT 1 FROM pragma_table_info('events') WHERE name = 'metadata'").get() !== undefined;

/**
 * Brings the event file to the format this code writes: creates it when new, converts a file of format 1
 * (every event's metadata as JSON text, stream ids in every row) in one transaction, and refuses a file
 * written by a newer version rather than misread it. Positions, event ids, revisions, payloads and
 * metadata are kept exactly, so subscriptions' checkpoints and the hash chain stay valid; a crash during
 * the conversion leaves the file as it was. Returns how many events were converted.
 */
export function openEventsFile(db: Database.Database): number {
  const format = db.pragma('user_version', { simple: true }) as number;
  if (format > EVENTS_FORMAT) {
    throw new Error(
      `The event file is in format ${format}, written by a newer version of the engine; this version reads formats 1 to ${EVENTS_FORMAT}. Run the newer version, or restore a backup.`,
    );
  }
  if (!isFormat1(db)) {
    db.exec(EVENTS_SCHEMA);
    return 0;
  }
  const statements = { current: undefined as ReturnType<typeof prepareAppendStatements> | undefined };
  let converted = 0;
  // A process that opens the file while another converts it waits for that to finish (it then finds the
  // file converted), instead of failing after the usual busy timeout of a few seconds.
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${CONVERSION_WAIT_MS}`);
  try {
    db.transaction(() => {
      // Another process may have converted the file while this one waited for the lock.
      if (!isFormat1(db)) {
        db.exec(EVENTS_SCHEMA);
        return;
      }
      const sequence = db
        .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        .pluck()
        .get();
      // `streams` is the first format's table of revisions, dropped by every version since.
      db.exec('ALTER TABLE events RENAME TO events_format1; DROP TABLE IF EXISTS streams;');
      db.exec(EVENTS_SCHEMA);
      const append = prepareAppendStatements(db);
      statements.current = append;
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
      db.exec('DROP TABLE events_format1');
      // AUTOINCREMENT: no position is handed out twice, even one whose event is gone.
      if (sequence !== undefined) {
        db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'events'").run(sequence);
        if (db.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'events'").get() === undefined)
          db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)").run(sequence);
      }
    }).immediate();
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
    // This connection's name caches are not used after the conversion; the store prepares its own.
    if (statements.current !== undefined) settleNames(statements.current, false);
  }
  return converted;
}
