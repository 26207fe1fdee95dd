import { createHash } from 'node:crypto';
import pg from 'pg';

export interface AdvisoryDutyOptions {
  /**
   * How long the holder may go unheard (its process frozen, its machine lost, its network cut) before the
   * server ends its session, which frees the lock for another node (ms). The holder checks its session a
   * few times within it and gives the duty up itself, well before the server does, once a check goes
   * unanswered.
   */
  readonly takeoverAfterMs?: number;
}

export const DEFAULT_DUTY_TAKEOVER_MS = 15_000;
const UNDEFINED_SETTING = '42704';

/**
 * A duty that exactly one node performs at a time (the SLA sweeper), held as a PostgreSQL session
 * advisory lock on a connection of its own. The server releases the lock when that session ends:
 * - a node that dies (kill -9) hands the duty on at once, as its OS closes the socket;
 * - a node that goes silent without closing it (a lost machine, a partition, a frozen process) has its
 *   session ended by the server after `takeoverAfterMs` of silence (`idle_session_timeout`), while the
 *   holder keeps it alive with a check every quarter of that. A check unanswered within a third of it drops
 *   the duty on the holder's side first, so the two sides never both count as holding it.
 * Another node's next `claim` then takes it. A claim by the holder is itself a check of its session.
 */
export class PostgresAdvisoryDuty {
  private client: pg.Client | undefined;
  private held = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly key: string;
  private readonly takeoverAfterMs: number;
  /** A check unanswered this long gives the duty up: with a check every quarter, by 7/12 of the takeover. */
  private readonly answerLimitMs: number;

  constructor(
    private readonly connectionString: string,
    /** The duty's name; nodes agree on the lock by it. */
    readonly name: string,
    options: AdvisoryDutyOptions = {},
  ) {
    // Advisory locks take a 64-bit key: the first 8 bytes of the name's digest, as a signed bigint.
    this.key = createHash('sha256').update(`duty:${name}`).digest().readBigInt64BE(0).toString();
    this.takeoverAfterMs = options.takeoverAfterMs ?? DEFAULT_DUTY_TAKEOVER_MS;
    this.answerLimitMs = Math.round(this.takeoverAfterMs / 3);
  }

  /** True while this node holds the duty; takes it when it is free. */
  async claim(): Promise<boolean> {
    if (this.held && this.client !== undefined) return this.check();
    try {
      const client = await this.connection();
      const { rows } = await this.answered(
        client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [this.key]),
      );
      if (rows[0]?.locked === true) await this.endSessionWhenSilent(client);
      this.held = rows[0]?.locked === true;
    } catch {
      this.dropConnection();
    }
    if (this.held) this.keepAlive();
    return this.held;
  }

  /** Gives the duty up (at shutdown); the next claim of another node takes it. */
  async release(): Promise<void> {
    const client = this.client;
    this.stopKeepingAlive();
    this.client = undefined;
    this.held = false;
    await client?.end().catch(() => undefined);
  }

  get holds(): boolean {
    return this.held;
  }

  /**
   * Has the server end the holder's session after `takeoverAfterMs` without a word from it. Only the
   * holder's: a standby's session idles between claims, and ending it would only fill the server's log.
   */
  private async endSessionWhenSilent(client: pg.Client): Promise<void> {
    try {
      await this.answered(
        client.query("SELECT set_config('idle_session_timeout', $1, false)", [
          String(Math.round(this.takeoverAfterMs)),
        ]),
      );
    } catch (error) {
      // Before PostgreSQL 14 there is no such setting: a silent holder then keeps the lock until TCP
      // gives its connection up (docs/operations.md).
      if ((error as { code?: string }).code !== UNDEFINED_SETTING) throw error;
    }
  }

  /** Whether the holder's session still answers; a session gone (or silent) gives the duty up. */
  private async check(): Promise<boolean> {
    const client = this.client;
    if (client === undefined) return false;
    try {
      await this.answered(client.query('SELECT 1'));
    } catch {
      if (this.client === client) this.dropConnection();
    }
    return this.held;
  }

  /**
   * The query's answer, or a rejection once a third of the takeover time passed without one. The rejection waits
   * for the event loop's next look at its sockets: after a pause of this process, an answer that arrived
   * during it still counts.
   */
  private async answered<T>(query: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => setImmediate(() => reject(new Error(`no answer within ${this.answerLimitMs} ms`))),
        this.answerLimitMs,
      );
    });
    try {
      return await Promise.race([query, silence]);
    } finally {
      clearTimeout(timer);
    }
  }

  private keepAlive(): void {
    if (this.heartbeat !== undefined) return;
    this.heartbeat = setInterval(() => void this.check(), this.takeoverAfterMs / 4);
    this.heartbeat.unref();
  }

  private stopKeepingAlive(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async connection(): Promise<pg.Client> {
    if (this.client !== undefined) return this.client;
    // Named, so an operator (and the multi-node test) can see in pg_stat_activity which node holds it.
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `engine duty ${this.name} pid ${process.pid}`,
      connectionTimeoutMillis: this.takeoverAfterMs,
    });
    client.on('error', () => {
      if (this.client === client) this.dropConnection();
    });
    client.on('end', () => {
      if (this.client === client) this.dropConnection();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private dropConnection(): void {
    const client = this.client;
    this.stopKeepingAlive();
    this.client = undefined;
    this.held = false;
    if (client === undefined) return;
    // A silent server would hold `end` until TCP gives up: close the socket without a goodbye.
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    void client.end().catch(() => undefined);
  }
}
