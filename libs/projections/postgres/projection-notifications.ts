import pg from 'pg';

/** The channel a batch's transaction notifies with its projection's new checkpoint (delivered on commit). */
export const PROJECTION_CHANNEL = 'engine_projections';
/** The channel the event store notifies after each append group (postgres-schema.ts). */
export const EVENT_CHANNEL = 'engine_events';

/** What a projection's checkpoint became; `reset` when it went back to 0 (a rebuild, a new version). */
export interface CheckpointMoved {
  readonly name: string;
  readonly position: number;
  readonly reset?: true;
}

export interface ProjectionNotificationHandlers {
  /** Events were appended: look now instead of at the next poll. */
  readonly onEvents: () => void;
  readonly onCheckpoint: (moved: CheckpointMoved) => void;
}

/**
 * One connection per node listening for appended events and moved checkpoints. A notification is only a
 * hint to look now: one lost with a dropped connection is covered by the runner's poll, and `ensure`
 * (called at each poll) connects again.
 */
export class ProjectionNotifications {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly handlers: ProjectionNotificationHandlers,
  ) {}

  /** Connects unless connected (or closed); a failure leaves it to the next call. */
  ensure(): Promise<void> {
    if (this.closed || this.client !== undefined) return Promise.resolve();
    this.connecting ??= this.connect()
      .catch(() => undefined)
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `engine projections listener pid ${process.pid}`,
    });
    const lost = (): void => {
      if (this.client === client) this.client = undefined;
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === EVENT_CHANNEL) this.handlers.onEvents();
      else if (message.channel === PROJECTION_CHANNEL && message.payload !== undefined) {
        const moved = parseCheckpoint(message.payload);
        if (moved !== undefined) this.handlers.onCheckpoint(moved);
      }
    });
    await client.connect();
    try {
      await client.query(`LISTEN ${EVENT_CHANNEL}; LISTEN ${PROJECTION_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }
}

function parseCheckpoint(payload: string): CheckpointMoved | undefined {
  try {
    const value = JSON.parse(payload) as Partial<CheckpointMoved>;
    if (typeof value.name === 'string' && typeof value.position === 'number') {
      return { name: value.name, position: value.position, ...(value.reset === true ? { reset: true } : {}) };
    }
  } catch {
    // Not one of ours: ignored, as the poll reads the checkpoints anyway.
  }
  return undefined;
}
