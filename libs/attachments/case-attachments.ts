import {
  CaseNotFoundError,
  ValidationFailedError,
  isAttachmentKind,
  ATTACHMENT_KINDS,
  type Actor,
  type CaseOwner,
  type Clock,
  type FieldError,
  type RecordedEvent,
} from '../kernel/index.js';
import type { EventStore } from '../event-store/index.js';
import { ERASED, type PersonalDataKeyVault } from '../personal-data/index.js';
import {
  ATTACHMENT_RECORD,
  appendAttachmentRecord,
  attachmentEvents,
  ownerData,
  type AnchoredStreamHead,
  type AttachmentAddedData,
  type VerificationProblem,
  verifyCase,
  type WorkflowRegistry,
} from '../workflow-engine/index.js';
import { isAttachmentDigest, type AttachmentBlobStore } from './attachment-blob-store.js';
import {
  AttachmentDamagedError,
  AttachmentErasedError,
  AttachmentTooLargeError,
  UnsupportedAttachmentTypeError,
} from './attachment-errors.js';
import { digestOf, openContent, sealContent } from './sealed-content.js';

/** What a case's attachments may be (AttachmentLimits in libs/config). */
export interface AttachmentRules {
  readonly maxBytes: number;
  readonly mediaTypes: readonly string[];
}

/** One attachment as readers see it: the file name opened, `[erased]` once the case key is destroyed. */
export interface AttachmentView {
  readonly digest: string;
  readonly kind: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly addedAt: string;
  readonly addedBy: { readonly id: string; readonly name?: string };
  /** Where the AttachmentAdded event is in the log, and its hash. */
  readonly position: number;
  readonly hash: string;
}

export interface AttachmentRequest {
  readonly caseType: string;
  readonly caseId: string;
  readonly owner: CaseOwner;
  readonly actor: Actor;
  readonly kind: unknown;
  readonly fileName: unknown;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly correlationId?: string;
}

const FILE_NAME_MAX = 200;
// Control characters and path separators: a file name is shown and offered for download, never a path.
// eslint-disable-next-line no-control-regex
const FILE_NAME_REFUSED = /[\u0000-\u001f\u007f/\\]/;

/**
 * A case's attachments: the content sealed under a key of its own (itself sealed with the case's
 * personal-data key) and stored content-addressed by the digest of the sealed bytes, then recorded in
 * the case's attachment record (`attachments-<caseId>`) with that digest, so the audit verifies the blob
 * against the log. Erasing the case's personal data destroys the key that opens every attachment.
 */
export class CaseAttachments {
  constructor(
    private readonly store: EventStore,
    private readonly vault: PersonalDataKeyVault,
    private readonly blobs: AttachmentBlobStore,
    private readonly clock: Clock,
    readonly rules: AttachmentRules,
  ) {}

  /**
   * Checks the request (413 too large, 415 media type, 400 kind / file name / empty), seals and stores
   * the blob, then records it. A blob is stored before its record, so a record never names a blob that
   * was not written; a failed append leaves an unreferenced blob, which nothing serves.
   */
  async add(request: AttachmentRequest): Promise<AttachmentView> {
    if (request.bytes.length > this.rules.maxBytes) throw new AttachmentTooLargeError(this.rules.maxBytes);
    const mediaType = request.contentType.split(';', 1)[0]!.trim().toLowerCase();
    if (!this.rules.mediaTypes.includes(mediaType))
      throw new UnsupportedAttachmentTypeError(mediaType, this.rules.mediaTypes);
    const problems = requestProblems(request);
    if (problems.length > 0) throw new ValidationFailedError(problems, 'The attachment is not valid');
    const fileName = (request.fileName as string).normalize('NFC').trim();
    // The case key is created here if the case has none yet; an erased case gets none (seal throws 409).
    await this.vault.load([request.caseId], { create: true });
    const content = sealContent(request.bytes);
    const data: AttachmentAddedData = {
      caseType: request.caseType,
      ...ownerData(request.owner),
      kind: request.kind as string,
      fileName: this.vault.seal(request.caseId, fileName),
      contentType: mediaType,
      size: request.bytes.length,
      digest: content.digest,
      contentKey: this.vault.seal(request.caseId, content.key.toString('base64')),
    };
    await this.blobs.put(content.digest, content.sealed);
    const recorded = await appendAttachmentRecord(this.store, this.clock, {
      caseId: request.caseId,
      actor: request.actor,
      data,
      ...(request.correlationId !== undefined ? { correlationId: request.correlationId } : {}),
    });
    await this.vault.load([request.caseId]);
    return this.viewOf(recorded);
  }

  /** The case's attachments, oldest first; `erased` when the case's personal data was erased. */
  async list(caseId: string): Promise<{ items: AttachmentView[]; erased: boolean }> {
    const events = await attachmentEvents(this.store, caseId);
    await this.vault.load([caseId]);
    // Opened in the same turn as the load (the PostgreSQL vault discloses only with keys loaded so).
    return { items: events.map((event) => this.viewOf(event)), erased: this.vault.isErased(caseId) };
  }

  /**
   * One attachment's document. 404 when the case has no attachment with that digest, 410 once the case's
   * personal data was erased, 409 when the stored blob is gone or altered.
   */
  async open(caseId: string, digest: string): Promise<{ view: AttachmentView; content: Buffer }> {
    const event = isAttachmentDigest(digest)
      ? (await attachmentEvents(this.store, caseId)).find(
          (candidate) => (candidate.data as AttachmentAddedData).digest === digest,
        )
      : undefined;
    if (event === undefined) throw new CaseNotFoundError('attachment', digest.slice(0, 80));
    await this.vault.load([caseId]);
    const view = this.viewOf(event);
    const key = this.vault.open((event.data as AttachmentAddedData).contentKey);
    if (key === ERASED || this.vault.isErased(caseId)) throw new AttachmentErasedError(caseId);
    const sealed = await this.blobs.get(digest);
    if (sealed === undefined || digestOf(sealed) !== digest) throw new AttachmentDamagedError(digest);
    const content = openContent(sealed, Buffer.from(key, 'base64'));
    if (content === undefined) throw new AttachmentDamagedError(digest);
    return { view, content };
  }

  /**
   * A case's attachment record verified: its hash chain (and anchored head), and every blob it names
   * present with the digest recorded. Problems name the record's stream. Needs no key: the digest is
   * over the sealed bytes, so an erased case's attachments verify as before.
   */
  async verify(
    registry: WorkflowRegistry,
    caseId: string,
    anchored?: AnchoredStreamHead,
  ): Promise<{ attachments: number; problems: VerificationProblem[] }> {
    const events = await attachmentEvents(this.store, caseId);
    if (events.length === 0 && anchored === undefined) return { attachments: 0, problems: [] };
    const streamId = events[0]?.streamId ?? `${ATTACHMENT_RECORD}-${caseId}`;
    const chain = verifyCase(registry, events, anchored).problems.map((problem) => ({
      ...problem,
      streamId,
    }));
    return { attachments: events.length, problems: [...chain, ...(await this.blobProblems(events))] };
  }

  /** For each AttachmentAdded among `events` (any other stream: none), its blob missing or altered. */
  async blobProblems(events: readonly RecordedEvent[]): Promise<VerificationProblem[]> {
    const problems: VerificationProblem[] = [];
    for (const event of events) {
      if ((event.metadata as { caseType?: unknown }).caseType !== ATTACHMENT_RECORD) continue;
      const { digest, kind } = event.data as Partial<AttachmentAddedData>;
      if (!isAttachmentDigest(digest)) continue;
      const stored = await this.blobs.get(digest);
      const at = { streamId: event.streamId, revision: event.revision, expected: `${kind} blob ${digest}` };
      if (stored === undefined) problems.push({ ...at, kind: 'attachment-missing', found: 'no blob' });
      else if (digestOf(stored) !== digest)
        problems.push({ ...at, kind: 'attachment-altered', found: `blob ${digestOf(stored)}` });
    }
    return problems;
  }

  close(): Promise<void> {
    return this.blobs.close();
  }

  private viewOf(event: RecordedEvent): AttachmentView {
    const data = event.data as AttachmentAddedData;
    const metadata = event.metadata as { occurredAt: string; actor: Actor; hash: string };
    return {
      digest: data.digest,
      kind: data.kind,
      fileName: this.vault.open(data.fileName),
      contentType: data.contentType,
      size: data.size,
      addedAt: metadata.occurredAt,
      addedBy: {
        id: metadata.actor.id,
        ...(metadata.actor.name !== undefined ? { name: metadata.actor.name } : {}),
      },
      position: event.position,
      hash: metadata.hash,
    };
  }
}

function requestProblems(request: AttachmentRequest): FieldError[] {
  const problems: FieldError[] = [];
  if (!isAttachmentKind(request.kind))
    problems.push({
      field: 'kind',
      reason: `must be one of: ${ATTACHMENT_KINDS.join(', ')}`,
      code: request.kind === undefined ? 'required' : 'one_of',
      allowed: ATTACHMENT_KINDS,
    });
  const fileName = typeof request.fileName === 'string' ? request.fileName.trim() : '';
  if (fileName === '') problems.push({ field: 'fileName', reason: 'is required', code: 'required' });
  else if (fileName.length > FILE_NAME_MAX)
    problems.push({
      field: 'fileName',
      reason: `must be at most ${FILE_NAME_MAX} characters`,
      code: 'too_long',
      max: FILE_NAME_MAX,
    });
  else if (FILE_NAME_REFUSED.test(fileName))
    problems.push({
      field: 'fileName',
      reason: 'must be a file name, without path separators or control characters',
      code: 'bad_format',
    });
  if (request.bytes.length === 0)
    problems.push({ field: 'body', reason: 'the document is empty', code: 'required' });
  return problems;
}
