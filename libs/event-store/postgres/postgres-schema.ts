import type pg from 'pg';

/**
 * The PostgreSQL store's schema, as numbered migrations. A migration is never edited once released: a
 * change is a new number. They run at start inside one transaction under an advisory lock, so several
 * nodes starting together apply each exactly once.
 */
export const EVENT_STORE_MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE events (
  position bigint PRIMARY KEY,
  event_id text NOT NULL UNIQUE,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  data json NOT NULL,
  metadata json NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (stream_id, revision)
);

-- One group of appends, as one statement: the store-wide append lock, then each append's checks and rows.
-- Positions are taken under that lock, which is released only after the transaction is visible, so a reader
-- that sees position p + 1 also sees p: the log is read in position order with no uncommitted gap to pass.
-- A refusal fails only its own append (nothing of it is written); the outcomes come back in order.
CREATE FUNCTION engine_append_group(
  p_streams text[], p_expected text[], p_counts int[],
  p_event_ids text[], p_types text[], p_data text[], p_metadata text[], p_recorded_at timestamptz)
RETURNS TABLE (outcome text, next_revision bigint, last_position bigint, actual text, event_id text, stream_id text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  head bigint;
  k int := 1;
  n int;
  current_revision bigint;
  expected text;
  found_stream text;
  found_revision bigint;
  found_position bigint;
  first_revision bigint;
  refused boolean;
BEGIN
  PERFORM pg_advisory_xact_lock(4096001);
  SELECT coalesce(max(e.position), 0) INTO head FROM events e;
  FOR i IN 1 .. coalesce(array_length(p_streams, 1), 0) LOOP
    n := p_counts[i];
    expected := p_expected[i];
    outcome := NULL; next_revision := NULL; last_position := NULL; actual := NULL; event_id := NULL; stream_id := NULL;

    SELECT e.stream_id, e.revision, e.position INTO found_stream, found_revision, found_position
      FROM events e WHERE e.event_id = p_event_ids[k];
    IF FOUND THEN
      -- A repeat of events stored consecutively at this stream is a retry: answer where they are.
      first_revision := found_revision;
      refused := false;
      FOR j IN 0 .. n - 1 LOOP
        SELECT e.stream_id, e.revision, e.position INTO found_stream, found_revision, found_position
          FROM events e WHERE e.event_id = p_event_ids[k + j];
        IF NOT FOUND OR found_stream <> p_streams[i] OR found_revision <> first_revision + j THEN
          outcome := 'duplicate_event_id';
          event_id := p_event_ids[k + j];
          stream_id := coalesce(found_stream, p_streams[i]);
          refused := true;
          EXIT;
        END IF;
      END LOOP;
      IF NOT refused THEN
        outcome := 'ok'; next_revision := found_revision; last_position := found_position;
      END IF;
    ELSE
      SELECT max(e.revision) INTO current_revision FROM events e WHERE e.stream_id = p_streams[i];
      IF NOT (expected = 'any'
          OR (expected = 'no_stream' AND current_revision IS NULL)
          OR (expected = 'stream_exists' AND current_revision IS NOT NULL)
          OR (expected NOT IN ('any', 'no_stream', 'stream_exists') AND current_revision IS NOT NULL
              AND current_revision = expected::bigint)) THEN
        outcome := 'wrong_expected_revision';
        actual := coalesce(current_revision::text, 'no_stream');
      ELSE
        -- An id stored in another stream, or twice in this append, is refused before anything is written.
        SELECT e.event_id, e.stream_id INTO event_id, stream_id FROM events e
          WHERE e.event_id = ANY (p_event_ids[k : k + n - 1]) LIMIT 1;
        IF FOUND THEN
          outcome := 'duplicate_event_id';
        ELSIF (SELECT count(DISTINCT id) FROM unnest(p_event_ids[k : k + n - 1]) AS id) < n THEN
          outcome := 'duplicate_event_id';
          event_id := p_event_ids[k];
          stream_id := p_streams[i];
        ELSE
          INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at)
            SELECT head + j, p_event_ids[k + j - 1], p_streams[i], coalesce(current_revision, -1) + j,
                   p_types[k + j - 1], p_data[k + j - 1]::json, p_metadata[k + j - 1]::json, p_recorded_at
              FROM generate_series(1, n) AS j;
          head := head + n;
          outcome := 'ok';
          next_revision := coalesce(current_revision, -1) + n;
          last_position := head;
        END IF;
      END IF;
    END IF;
    k := k + n;
    RETURN NEXT;
  END LOOP;
  PERFORM pg_notify('engine_events', head::text);
END
$$;
`,
  },
  {
    version: 2,
    sql: `
-- The keys that seal each case's personal data, shared by every node (docs/security.md "Where the keys
-- live"). An erasure sets key to NULL and keeps the row as a tombstone, so no key is ever issued again for
-- that subject. Frequent autovacuum: the old row version of an erased key stays in the table's pages until
-- VACUUM reclaims it (docs/operations.md "Personal data").
CREATE TABLE personal_data_keys (
  subject_id text PRIMARY KEY,
  key bytea CHECK (key IS NULL OR octet_length(key) = 32),
  created_at timestamptz NOT NULL,
  erased_at timestamptz,
  CHECK ((key IS NULL) = (erased_at IS NOT NULL))
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 50);
`,
  },
  {
    version: 3,
    sql: `
-- Attachment blobs (docs/console.md "Attachments"), shared by every node: addressed by the SHA-256 of the
-- bytes stored, which are sealed under a key of their own (itself sealed with the case's personal-data
-- key), so the table never holds a readable document. Written once, never updated.
CREATE TABLE attachment_blobs (
  digest text PRIMARY KEY CHECK (digest ~ '^sha256:[0-9a-f]{64}$'),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
ALTER TABLE attachment_blobs ALTER COLUMN content SET STORAGE EXTERNAL;
`,
  },
  {
    version: 4,
    sql: `
-- Webhooks shared by every node (docs/integrations.md "Several nodes on PostgreSQL"): the subscriptions with
-- their sealed secrets and delivery counters, the outbox and its checkpoint. The node holding the advisory
-- lock 'webhook-outbox' feeds and delivers; any node manages subscriptions and reads the counters.
CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY,
  url text NOT NULL,
  case_types text[] NOT NULL,
  event_types text[] NOT NULL,
  personal_data boolean NOT NULL,
  secret_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  start_position bigint NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  delivered bigint NOT NULL DEFAULT 0,
  failed_attempts bigint NOT NULL DEFAULT 0,
  dead_lettered bigint NOT NULL DEFAULT 0
);

-- One row per (subscription, event) still to deliver, or dead-lettered. Only each (subscription, case)'s oldest
-- pending row is ready, so a later event never overtakes an earlier one and picking is an index range scan.
CREATE TABLE webhook_outbox_deliveries (
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  position bigint NOT NULL,
  stream_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'dead')),
  attempts int NOT NULL,
  next_attempt_at bigint NOT NULL, -- ms since the epoch
  ready boolean NOT NULL,
  last_error text,
  dead_at timestamptz,
  PRIMARY KEY (subscription_id, position)
);
CREATE INDEX webhook_outbox_due ON webhook_outbox_deliveries (next_attempt_at) WHERE status = 'pending' AND ready;
CREATE INDEX webhook_outbox_case_order ON webhook_outbox_deliveries (subscription_id, stream_id, position)
  WHERE status = 'pending';

-- The last log position the outbox has taken in, moved in the transaction that queues its rows. It starts at
-- the log's head: no subscription exists here before this migration, and a new one starts at the head.
CREATE TABLE webhook_outbox_checkpoint (
  single boolean PRIMARY KEY DEFAULT true CHECK (single),
  position bigint NOT NULL
);
INSERT INTO webhook_outbox_checkpoint (position) SELECT coalesce(max(position), 0) FROM events;

-- The key sealing subscription secrets (docs/security.md "Webhook secrets"): WEBHOOK_SECRET_KEY, the same on
-- every node (key NULL here), or else one generated by the first node and kept here. key_check is an HMAC of a
-- fixed text under the key, so a node started with another key refuses to start instead of failing to sign.
CREATE TABLE webhook_secret_key (
  single boolean PRIMARY KEY DEFAULT true CHECK (single),
  key bytea CHECK (key IS NULL OR octet_length(key) = 32),
  key_check bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    version: 5,
    sql: `
-- Case snapshots (docs/operations.md "Case snapshots"), shared by every node: a cache derived from the
-- events, each naming the hash of the event it was taken after and used only while the log still has it.
-- Any row may be deleted at any time; loads then fold whole streams until new snapshots are kept.
CREATE TABLE case_snapshots (
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  machine_version int NOT NULL,
  last_hash text NOT NULL,
  -- A running maximum over the case's events: it never falls as the revision rises.
  latest_occurred_ms bigint NOT NULL,
  state text NOT NULL,
  PRIMARY KEY (stream_id, revision)
);
`,
  },
  {
    version: 6,
    sql: `
-- Where each read model kept in this database stands (docs/architecture.md "Several nodes"): the version of
-- the projection that built its tables (0: not built yet) and the last log position applied, moved in the
-- transaction that writes the rows. Every batch and every rebuild of a projection first locks its row
-- (SELECT … FOR UPDATE), so they run one after the other whichever nodes send them.
CREATE TABLE projection_checkpoints (
  name text PRIMARY KEY,
  version int NOT NULL,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
];

/** Raised when the database was migrated by a newer engine than this one. */
export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `The PostgreSQL database is at schema version ${found}, newer than this engine knows (${known}): ` +
        'upgrade the engine on this node, or point it at another database. Nothing was changed.',
    );
  }
}

/** Applies the migrations this database lacks, under an advisory lock; refuses a newer schema. */
export async function migrateEventStore(client: pg.ClientBase): Promise<{ from: number; to: number }> {
  const known = EVENT_STORE_MIGRATIONS[EVENT_STORE_MIGRATIONS.length - 1]!.version;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(4096000)');
    await client.query(
      `CREATE TABLE IF NOT EXISTS engine_migrations (
         version int PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM engine_migrations',
    );
    const from = rows[0]?.version ?? 0;
    if (from > known) throw new SchemaTooNewError(from, known);
    for (const migration of EVENT_STORE_MIGRATIONS) {
      if (migration.version <= from) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO engine_migrations (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
    return { from, to: known };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
