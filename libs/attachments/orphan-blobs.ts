import type { EventStore } from '../event-store/index.js';
import type { AttachmentBlobStore } from './attachment-blob-store.js';
import { attachmentRecordPages, recordedDigest } from './recorded-blobs.js';

export interface OrphanBlobSweep {
  /** Blobs (and unfinished writes) stored before the cutoff. */
  readonly olderThanCutoff: number;
  /** Of those, the ones no AttachmentAdded of the log names: removed unless `dryRun`. */
  readonly orphans: readonly string[];
  readonly removed: boolean;
}

/**
 * Removes the blobs that no AttachmentAdded event names and that were stored before `cutoff`. An upload
 * stores its blob before it records it (CaseAttachments.add), so a crash or a refused append in between
 * leaves a blob nothing names, which nothing serves and the audit never checks. The grace period keeps
 * blobs whose record is still being appended; the log is read after the blobs are listed, so a record
 * appended meanwhile is seen. A named blob is never removed, whatever its age or its case's erasure.
 */
export async function sweepOrphanBlobs(
  store: EventStore,
  blobs: AttachmentBlobStore,
  options: { readonly cutoff: Date; readonly dryRun: boolean },
): Promise<OrphanBlobSweep> {
  const candidates = await blobs.storedBefore(options.cutoff);
  const named = new Set<string>();
  for await (const records of attachmentRecordPages(store)) {
    for (const event of records) named.add(recordedDigest(event)!);
  }
  const orphans = candidates.filter((candidate) => !named.has(candidate)).sort();
  if (!options.dryRun) for (const orphan of orphans) await blobs.remove(orphan);
  return { olderThanCutoff: candidates.length, orphans, removed: !options.dryRun };
}
