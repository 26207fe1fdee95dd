import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * An attachment's bytes as stored: AES-256-GCM under a fresh random key of its own,
 * `version (1) | iv (12) | tag (16) | ciphertext`. The key is kept only sealed under the case's
 * personal-data key (in the AttachmentAdded event), so destroying the case key leaves the blob unreadable.
 */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedContent {
  readonly sealed: Buffer;
  /** The content key (32 bytes), to be sealed under the case key. */
  readonly key: Buffer;
  /** `sha256:<hex>` of `sealed`: the blob's address, and what verification checks it against. */
  readonly digest: string;
}

export function sealContent(plaintext: Buffer): SealedContent {
  const key = randomBytes(32);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const sealed = Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), ciphertext]);
  return { sealed, key, digest: digestOf(sealed) };
}

/** The document, or undefined when the bytes do not open with `key` (altered, or not this blob's key). */
export function openContent(sealed: Buffer, key: Buffer): Buffer | undefined {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT || key.length !== 32) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + IV_BYTES));
    decipher.setAuthTag(sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

export function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
