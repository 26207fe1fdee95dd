import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { loadConfig, type AppConfig } from '../../libs/config/index.js';
import { createLogger, openEventStore } from '../../libs/runtime/index.js';
import { exportLine } from '../../libs/audit/index.js';
import { importIntoEmptyStore, PostgresEventStore } from '../../libs/event-store/index.js';
import { systemClock, type RecordedEvent } from '../../libs/kernel/index.js';
import { checkLogChains } from '../../libs/workflow-engine/index.js';

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
 * `store export`: every event of the configured store, in log order, one JSON object a line with
 * exactly what the store recorded (an audit export's lines, docs/audit.md). `store import` reads it back.
 */
export async function storeExport(write: Write, config: AppConfig = loadConfig()): Promise<number> {
  const store = await openEventStore(config, systemClock, createLogger('warn'));
  try {
    let after = 0;
    for (;;) {
      const page = await store.readAll({ after, maxCount: 2000 });
      for (const event of page.events) {
        write(exportLine(event));
      }
      if (page.isEnd) return 0;
      after = page.lastPosition;
    }
  } finally {
    await store.close();
  }
}

/**
 * `store import [--in FILE]` (standard input without it): writes an export into the configured
 * PostgreSQL store, which must be empty, then reads every event back and checks revisions and every hash
 * chain. Exit 1 names each problem; the events stay (nothing is deleted), so compare and decide.
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
  try {
    const report = await checkLogChains(store);
    for (const problem of report.problems) write(`${JSON.stringify(problem)}\n`);
    const complete = report.events === imported;
    write(
      `${JSON.stringify({ summary: { imported, read: report.events, streams: report.streams, hashesVerified: report.hashed, problems: report.problems.length } })}\n`,
    );
    return complete && report.problems.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
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
