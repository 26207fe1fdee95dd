import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * A duty that exactly one node performs at a time (the SLA sweeper), held as a PostgreSQL session
 * advisory lock on a connection of its own. The server releases the lock when that session ends, so a
 * node that dies (kill -9, a lost machine) hands the duty on: another node's next `claim` takes it. A node
 * that loses its connection stops claiming to hold it at once.
 */
export class PostgresAdvisoryDuty {
  private client: pg.Client | undefined;
  private held = false;
  private readonly key: string;

  constructor(
    private readonly connectionString: string,
    /** The duty's name; nodes agree on the lock by it. */
    readonly name: string,
  ) {
    // Advisory locks take a 64-bit key: the first 8 bytes of the name's digest, as a signed bigint.
    this.key = createHash('sha256').update(`duty:${name}`).digest().readBigInt64BE(0).toString();
  }

  /** True while this node holds the duty; takes it when it is free. */
  async claim(): Promise<boolean> {
    if (this.held && this.client !== undefined) return true;
    try {
      const client = await this.connection();
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [this.key],
      );
      this.held = rows[0]?.locked === true;
    } catch {
      this.dropConnection();
    }
    return this.held;
  }

  /** Gives the duty up (at shutdown); the next claim of another node takes it. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    await client?.end().catch(() => undefined);
  }

  get holds(): boolean {
    return this.held;
  }

  private async connection(): Promise<pg.Client> {
    if (this.client !== undefined) return this.client;
    // Named, so an operator (and the multi-node test) can see in pg_stat_activity which node holds it.
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `engine duty ${this.name} pid ${process.pid}`,
    });
    client.on('error', () => this.dropConnection());
    client.on('end', () => this.dropConnection());
    await client.connect();
    this.client = client;
    return client;
  }

  private dropConnection(): void {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    void client?.end().catch(() => undefined);
  }
}
