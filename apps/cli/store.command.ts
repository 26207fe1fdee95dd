import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { loadConfig, type AppConfig } from '../../libs/config/index.js';
import { createLogger, openAttachmentBlobs, openEventStore } from '../../libs/runtime/index.js';
import {
  blobProblems,
  digestOf,
  FileBlobStore,
  recordedDigest,
  attachmentRecordPages,
  type AttachmentBlobStore,
} from '../../libs/attachments/index.js';
import { exportLine } from '../../libs/audit/index.js';
import { importIntoEmptyStore, PostgresEventStore } from '../../libs/event-store/index.js';
import { systemClock, type RecordedEvent } from '../../libs/kernel/index.js';
import { checkLogChains, type VerificationProblem } from '../../libs/workflow-engine/index.js';

type Write = (text: string) => void;

const FIELDS = ['position', 'streamId', 'revision', 'eventId', 'type', 'data', 'metadata', 'recordedAt'];

/** `migrate`: applies the PostgreSQL store's migrations it lacks (the server also does at start). */
export async function migrate(write: Write, config: AppConfig = loadConfig()): Promise<number> {
  if (config.eventStore !== 'postgres') {
    write('Nothing to migrate: EVENT_STORE is not postgres (the SQLite file converts itself when opened)\n');
    return 0;
  }
  const store = await PostgresEventStore.open({ connectionString: config.databaseUrl! });
  await store.close();
  write('The PostgreSQL store is at the current schema\n');
  return 0;
}

/**
 * `store export [--attachments DIR]`: every event of the configured store, in log order, one JSON object
 * a line with exactly what the store recorded (an audit export's lines, docs/audit.md). `store import`
 * reads it back. With `--attachments`, the blob of every AttachmentAdded exported is copied into DIR
 * (one file per blob, named by its digest, as `DATA_DIR/attachments/` holds them); exit 1 names on
 * standard error each blob the store lacks (the export itself is complete).
 */
export async function storeExport(
  options: Record<string, string>,
  write: Write,
  report: Write,
  config: AppConfig = loadConfig(),
): Promise<number> {
  const store = await openEventStore(config, systemClock, createLogger('warn'));
  const source = options.attachments !== undefined ? await openAttachmentBlobs(config) : undefined;
  const copies = options.attachments !== undefined ? new FileBlobStore(options.attachments) : undefined;
  try {
    let after = 0;
    let missing = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 2000 });
      for (const event of page.events) {
        write(exportLine(event));
        const digest = copies !== undefined ? recordedDigest(event) : undefined;
        if (digest === undefined) continue;
        const blob = await source!.get(digest);
        if (blob !== undefined && digestOf(blob) === digest) await copies!.put(digest, blob);
        else {
          missing += 1;
          report(
            `${JSON.stringify({ streamId: event.streamId, revision: event.revision, missing: digest })}\n`,
          );
        }
      }
      if (page.isEnd) return missing === 0 ? 0 : 1;
      after = page.lastPosition;
    }
  } finally {
    await source?.close();
    await store.close();
  }
}

/**
 * `store import [--in FILE] [--attachments DIR]` (standard input without `--in`): writes an export into
 * the configured PostgreSQL store, which must be empty, and the blobs of its attachments from DIR (a
 * `store export --attachments` folder, or the old `DATA_DIR/attachments/`) into its `attachment_blobs`;
 * then reads every event back and checks revisions, every hash chain and every attachment's blob. Exit 1
 * names each problem (an attachment whose blob did not come along is `attachment-missing`); the events
 * stay (nothing is deleted), so compare and decide.
 */
export async function storeImport(
  options: Record<string, string>,
  write: Write,
  config: AppConfig = loadConfig(),
  input: Readable = options.in !== undefined ? createReadStream(options.in) : process.stdin,
): Promise<number> {
  if (config.eventStore !== 'postgres')
    throw new Error('store import writes into a PostgreSQL store: set EVENT_STORE=postgres and DATABASE_URL');
  const imported = await importIntoEmptyStore(config.databaseUrl!, exportedPages(input));
  const store = await PostgresEventStore.open({ connectionString: config.databaseUrl! });
  const blobs = await openAttachmentBlobs(config);
  try {
    const report = await checkLogChains(store);
    const attachments = await importBlobs(store, blobs, options.attachments);
    const problems = [...report.problems, ...attachments.problems];
    for (const problem of problems) write(`${JSON.stringify(problem)}\n`);
    const complete = report.events === imported;
    write(
      `${JSON.stringify({ summary: { imported, read: report.events, streams: report.streams, hashesVerified: report.hashed, attachments: attachments.records, problems: problems.length } })}\n`,
    );
    return complete && problems.length === 0 ? 0 : 1;
  } finally {
    await blobs.close();
    await store.close();
  }
}

/**
 * Copies into `blobs` the blob of every attachment the imported log records, from the folder `from`
 * (only bytes that match their digest), then checks each as the audit does.
 */
async function importBlobs(
  store: PostgresEventStore,
  blobs: AttachmentBlobStore,
  from: string | undefined,
): Promise<{ records: number; problems: VerificationProblem[] }> {
  const folder = from !== undefined ? new FileBlobStore(from) : undefined;
  let records = 0;
  const problems: VerificationProblem[] = [];
  for await (const page of attachmentRecordPages(store)) {
    records += page.length;
    for (const event of page) {
      const digest = recordedDigest(event)!;
      const blob = await folder?.get(digest);
      if (blob !== undefined && digestOf(blob) === digest) await blobs.put(digest, blob);
    }
    problems.push(...(await blobProblems(blobs, page)));
  }
  return { records, problems };
}

/** The export's lines as pages of events; a line that is not an exported event stops the import. */
async function* exportedPages(input: Readable): AsyncGenerator<RecordedEvent[]> {
  let page: RecordedEvent[] = [];
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    page.push(exportedEvent(text, line));
    if (page.length === 1000) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

function exportedEvent(text: string, line: number): RecordedEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Line ${line} is not JSON; nothing was imported`);
  }
  const event = parsed as Record<string, unknown>;
  const missing = FIELDS.filter((field) => !(field in (event ?? {})));
  if (
    missing.length > 0 ||
    typeof event.streamId !== 'string' ||
    typeof event.eventId !== 'string' ||
    typeof event.type !== 'string' ||
    !Number.isInteger(event.revision) ||
    typeof event.recordedAt !== 'string' ||
    Number.isNaN(Date.parse(event.recordedAt)) ||
    typeof event.metadata !== 'object' ||
    event.metadata === null
  ) {
    throw new Error(
      `Line ${line} is not an exported event${missing.length > 0 ? ` (missing ${missing.join(', ')})` : ''}; nothing was imported`,
    );
  }
  return event as unknown as RecordedEvent;
}
