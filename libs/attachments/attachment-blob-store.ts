/**
 * Where attachment blobs are kept, addressed by their digest (`sha256:<hex>` of the bytes stored): files
 * in `DATA_DIR/attachments/` beside an embedded store (`FileBlobStore`), a table of the PostgreSQL
 * database every node shares (`PostgresBlobStore`). A blob is written once and never changed; the bytes
 * are sealed before they get here, so a store never holds a readable document.
 */
export interface AttachmentBlobStore {
  /** Stores `bytes` under `digest` (which the caller computed from them); a second put is a no-op. */
  put(digest: string, bytes: Buffer): Promise<void>;
  /** The bytes stored under `digest`, undefined when there are none. */
  get(digest: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Whether `value` is a digest as attachments record it (`sha256:` and 64 lower-case hex digits). */
export function isAttachmentDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}
