import {
  MissingDocumentsError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  eventIdFor,
  timeOrderedId,
  type Actor,
  type CaseOwner,
  type Clock,
  type RecordedEvent,
  type RequiredDocuments,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { streamIdOf } from './stream-name.js';

/**
 * `caseType` in the metadata of a case's attachment records. They live in a stream of their own per case
 * (`attachments-<caseId>`), never in the case's stream: the case's machine never sees them, so its replay,
 * goldens and re-decision are exactly as before, while the records have a hash chain of their own, show
 * in the audit index and exports under the case's id, and are verified with the blobs they name.
 */
export const ATTACHMENT_RECORD = 'attachments';
export const ATTACHMENT_ADDED = 'AttachmentAdded';
export const ADD_ATTACHMENT = 'add-attachment';

export function attachmentStreamOf(caseId: string): string {
  return streamIdOf(ATTACHMENT_RECORD, caseId);
}

/**
 * `AttachmentAdded`'s data. The file's content is stored apart (content-addressed), sealed under a key of
 * its own that is itself sealed with the case's personal-data key (`contentKey`), so destroying the case
 * key makes the content unreadable. `digest` is the SHA-256 of the sealed bytes as stored: it proves the
 * blob unchanged and says nothing about the document without the key. The file name is sealed too.
 * `dealerId` and `regionId` repeat the case's, so the audit index and store verification scope the record
 * as they scope the case.
 */
export interface AttachmentAddedData {
  readonly caseType: string;
  readonly dealerId: string;
  readonly regionId?: string;
  readonly kind: string;
  readonly fileName: string;
  readonly contentType: string;
  /** Bytes of the document itself (before sealing). */
  readonly size: number;
  /** `sha256:<hex>` of the sealed blob. */
  readonly digest: string;
  /** The blob's content key, sealed under the case's personal-data key. */
  readonly contentKey: string;
}

/** Whether an event may stand at `index` in an attachment record: every one adds an attachment. */
export function attachmentEventAllowed(event: RecordedEvent): boolean {
  return event.type === ATTACHMENT_ADDED;
}

/** Every `AttachmentAdded` of a case, oldest first (none when the case has no attachment). */
export async function attachmentEvents(store: EventStore, caseId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(attachmentStreamOf(caseId));
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

/**
 * Appends one `AttachmentAdded` to the case's attachment record, continuing its hash chain. Two uploads
 * at once: the loser's expected revision fails and it reads the stream again (a few times).
 */
export async function appendAttachmentRecord(
  store: EventStore,
  clock: Clock,
  request: {
    readonly caseId: string;
    readonly actor: Actor;
    readonly data: AttachmentAddedData;
    readonly correlationId?: string;
  },
): Promise<RecordedEvent> {
  const streamId = attachmentStreamOf(request.caseId);
  for (let attempt = 0; ; attempt++) {
    const before = await attachmentEvents(store, request.caseId);
    const revision = before.length;
    const last = before[revision - 1]?.metadata as { hash: string } | undefined;
    const now = clock.now();
    const commandId = timeOrderedId(now);
    const metadata = {
      caseType: ATTACHMENT_RECORD,
      caseId: request.caseId,
      machineVersion: 1,
      schemaVersion: 1,
      actor: request.actor,
      occurredAt: now.toISOString(),
      commandId,
      action: ADD_ATTACHMENT,
      correlationId: request.correlationId ?? commandId,
      causationId: commandId,
      fromState: 'recorded',
      toState: 'recorded',
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const eventId = eventIdFor(streamId, commandId);
    const data = request.data as unknown as Record<string, unknown>;
    const hash = eventHash({ streamId, revision, eventId, type: ATTACHMENT_ADDED, data, metadata });
    try {
      const appended = await store.append(
        streamId,
        [{ eventId, type: ATTACHMENT_ADDED, data, metadata: { ...metadata, hash } }],
        revision === 0 ? 'no_stream' : revision - 1,
      );
      const [recorded] = await store.readStream(streamId, {
        fromRevision: appended.nextRevision,
        toRevision: appended.nextRevision,
      });
      return recorded!;
    } catch (error) {
      if (attempt >= 4 || !(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

/** The owner fields an attachment record repeats from its case. */
export function ownerData(owner: CaseOwner): Pick<AttachmentAddedData, 'dealerId' | 'regionId'> {
  return { dealerId: owner.dealerId, ...(owner.regionId !== undefined ? { regionId: owner.regionId } : {}) };
}

/**
 * The documents a command still lacks: the kinds `required` declares for this action on this machine
 * version that no attachment of the case has. Reads the case's attachment record only when something is
 * required.
 */
export async function requireDocuments(
  store: EventStore,
  required: RequiredDocuments | undefined,
  command: { readonly caseId: string; readonly action: string; readonly machineVersion: number },
): Promise<void> {
  const kinds = required?.actions[command.action];
  if (required === undefined || kinds === undefined || kinds.length === 0) return;
  if (command.machineVersion < required.fromVersion) return;
  const attached = new Set(
    (await attachmentEvents(store, command.caseId)).map((event) => (event.data as AttachmentAddedData).kind),
  );
  const missing = kinds.filter((kind) => !attached.has(kind));
  if (missing.length > 0) throw new MissingDocumentsError(command.action, missing);
}
