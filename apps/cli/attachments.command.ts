import { loadConfig, type AppConfig } from '../../libs/config/index.js';
import { sweepOrphanBlobs } from '../../libs/attachments/index.js';
import { createLogger, openAttachmentBlobs, openEventStore } from '../../libs/runtime/index.js';
import { systemClock } from '../../libs/kernel/index.js';

type Write = (text: string) => void;

const HOUR_MS = 3_600_000;
/** Far longer than an upload takes between storing its blob and recording it. */
const DEFAULT_GRACE_HOURS = 24;

/**
 * `attachments gc [--older-than HOURS] [--dry-run]`: removes the blobs that no AttachmentAdded names and
 * that were stored more than HOURS ago (24 by default), from `DATA_DIR/attachments/` or the PostgreSQL
 * `attachment_blobs`. Prints one line per orphan, then a summary. Safe beside a running server: a blob
 * that a record names is never removed, and a younger one is left for its record to arrive.
 */
export async function attachmentsGc(
  options: Record<string, string>,
  write: Write,
  config: AppConfig = loadConfig(),
): Promise<number> {
  const hours = options['older-than'] ?? String(DEFAULT_GRACE_HOURS);
  if (!/^\d+(\.\d+)?$/.test(hours))
    throw new Error(`--older-than takes a number of hours (e.g. 24), not '${hours.slice(0, 40)}'`);
  const dryRun = options['dry-run'] === 'true';
  const store = await openEventStore(config, systemClock, createLogger('warn'));
  const blobs = await openAttachmentBlobs(config);
  try {
    const cutoff = new Date(systemClock.now().getTime() - Number(hours) * HOUR_MS);
    const sweep = await sweepOrphanBlobs(store, blobs, { cutoff, dryRun });
    for (const orphan of sweep.orphans) write(`${JSON.stringify({ orphan, removed: sweep.removed })}\n`);
    write(
      `${JSON.stringify({ summary: { storedBefore: cutoff.toISOString(), examined: sweep.olderThanCutoff, orphans: sweep.orphans.length, removed: sweep.removed ? sweep.orphans.length : 0 } })}\n`,
    );
    return 0;
  } finally {
    await blobs.close();
    await store.close();
  }
}
