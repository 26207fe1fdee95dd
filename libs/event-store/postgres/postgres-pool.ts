import pg from 'pg';

/**
 * A pool of connections to the shared database, named in `pg_stat_activity` so an operator sees what each
 * connection of a node is for. An idle connection that the server drops is replaced on the next query, so
 * the pool's error event is not fatal.
 */
export function postgresPool(options: {
  readonly connectionString: string;
  readonly max: number;
  /** `application_name`, e.g. `engine webhooks`. */
  readonly name?: string;
  /** Session settings (`-c name=value …`). */
  readonly settings?: string;
}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    ...(options.name !== undefined ? { application_name: options.name } : {}),
    ...(options.settings !== undefined ? { options: options.settings } : {}),
  });
  pool.on('error', () => undefined);
  return pool;
}
