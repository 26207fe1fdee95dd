import { EngineError } from '../kernel/index.js';

/** An attachment larger than ATTACHMENT_MAX_BYTES (HTTP 413). */
export class AttachmentTooLargeError extends EngineError {
  constructor(readonly maxBytes: number) {
    super(`An attachment may have at most ${maxBytes} bytes`);
  }
}

/** An attachment of a media type ATTACHMENT_MEDIA_TYPES does not list (HTTP 415). */
export class UnsupportedAttachmentTypeError extends EngineError {
  constructor(
    readonly mediaType: string,
    readonly accepted: readonly string[],
  ) {
    super(`'${mediaType.slice(0, 64)}' is not accepted as an attachment; send one of ${accepted.join(', ')}`);
  }
}

/** The case's personal data was erased: its attachments' content can no longer be opened (HTTP 410). */
export class AttachmentErasedError extends EngineError {
  constructor(readonly caseId: string) {
    super(`The personal data of case ${caseId} was erased: its attachments can no longer be read`);
  }
}

/** The blob an attachment record names is gone or does not match its digest (HTTP 409: the audit tells more). */
export class AttachmentDamagedError extends EngineError {
  constructor(readonly digest: string) {
    super(`The stored content of attachment ${digest} is missing or altered; run the audit verification`);
  }
}
