import type { EventStore } from '../event-store/index.js';
import type { RecordedEvent } from '../kernel/index.js';
import {
  ATTACHMENT_RECORD,
  type AttachmentAddedData,
  type VerificationProblem,
} from '../workflow-engine/index.js';
import { isAttachmentDigest, type AttachmentBlobStore } from './attachment-blob-store.js';
import { digestOf } from './sealed-content.js';

/** An AttachmentAdded event's digest, undefined for any other event (or a record without one). */
export function recordedDigest(event: RecordedEvent): string | undefined {
  if ((event.metadata as { caseType?: unknown }).caseType !== ATTACHMENT_RECORD) return undefined;
  const { digest } = event.data as Partial<AttachmentAddedData>;
  return isAttachmentDigest(digest) ? digest : undefined;
}

/** Every AttachmentAdded of the log, in log order, a page at a time (the log read once). */
export async function* attachmentRecordPages(store: EventStore): AsyncGenerator<RecordedEvent[]> {
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 2000 });
    const records = page.events.filter((event) => recordedDigest(event) !== undefined);
    if (records.length > 0) yield records;
    if (page.isEnd) return;
    after = page.lastPosition;
  }
}

/** For each AttachmentAdded among `events` (any other event: none), its blob missing or altered. */
export async function blobProblems(
  blobs: AttachmentBlobStore,
  events: readonly RecordedEvent[],
): Promise<VerificationProblem[]> {
  const problems: VerificationProblem[] = [];
  for (const event of events) {
    const digest = recordedDigest(event);
    if (digest === undefined) continue;
    const stored = await blobs.get(digest);
    const kind = (event.data as Partial<AttachmentAddedData>).kind;
    const at = { streamId: event.streamId, revision: event.revision, expected: `${kind} blob ${digest}` };
    if (stored === undefined) problems.push({ ...at, kind: 'attachment-missing', found: 'no blob' });
    else if (digestOf(stored) !== digest)
      problems.push({ ...at, kind: 'attachment-altered', found: `blob ${digestOf(stored)}` });
  }
  return problems;
}
