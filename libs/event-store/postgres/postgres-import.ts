import pg from 'pg';
import type { RecordedEvent } from '../../kernel/index.js';
import { migrateEventStore } from './postgres-schema.js';

/** Raised when the target database already holds events: an import never merges two logs. */
export class TargetNotEmptyError extends Error {
  constructor(events: number) {
    super(`The PostgreSQL store already holds ${events} events; import only into an empty store`);
  }
}

/**
 * Writes a whole log, as another store recorded it, into an empty PostgreSQL store: stream ids,
 * revisions, event ids, payloads, metadata and recording times exactly as given, in the given order,
 * with positions numbered from 1 (read models are rebuilt after a move, so their checkpoints start over).
 * One transaction under the store's append lock: a failure leaves the store empty.
 */
export async function importIntoEmptyStore(
  connectionString: string,
  pages: AsyncIterable<readonly RecordedEvent[]>,
): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await migrateEventStore(client);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(4096001)');
      const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM events');
      const existing = Number(rows[0]!.count);
      if (existing > 0) throw new TargetNotEmptyError(existing);
      let position = 0;
      for await (const page of pages) {
        if (page.length === 0) continue;
        await client.query(
          `INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[],
                                $6::json[], $7::json[], $8::timestamptz[])`,
          [
            page.map((_, index) => position + index + 1),
            page.map((event) => event.eventId),
            page.map((event) => event.streamId),
            page.map((event) => event.revision),
            page.map((event) => event.type),
            page.map((event) => JSON.stringify(event.data ?? null)),
            page.map((event) => JSON.stringify(event.metadata ?? {})),
            page.map((event) => event.recordedAt),
          ],
        );
        position += page.length;
      }
      await client.query("SELECT pg_notify('engine_events', $1)", [String(position)]);
      await client.query('COMMIT');
      return position;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await client.end();
  }
}
