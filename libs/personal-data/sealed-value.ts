import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The format of a sealed value and the cryptography every vault shares, whatever keeps its keys:
 * `pd:v1:<subject>:<iv>:<tag>:<ciphertext>`, AES-256-GCM under the subject's 32-byte key.
 */
export const SEALED_PREFIX = 'pd:v1:';
export const ERASED = '[erased]';

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** A fresh random key for a subject (AES-256). */
export function newSubjectKey(): Buffer {
  return randomBytes(32);
}

export function sealWithKey(key: Buffer, subjectId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${subjectId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${sealed.toString('base64url')}`;
}

/** The subject a sealed value names, or undefined when the value is not a well-formed sealed value. */
export function subjectOfSealed(value: string): string | undefined {
  if (!value.startsWith(SEALED_PREFIX)) return undefined;
  const subjectId = value.slice(SEALED_PREFIX.length).split(':')[0];
  return subjectId ? subjectId : undefined;
}

/**
 * The plaintext of a sealed value, `[erased]` when `keyOf` has no key for its subject (destroyed, or never
 * issued) or the value does not open, or the value unchanged when it is not sealed.
 */
export function openWithKey(value: string, keyOf: (subjectId: string) => Buffer | null | undefined): string {
  if (!value.startsWith(SEALED_PREFIX)) return value;
  const [subjectId, iv, tag, sealed] = value.slice(SEALED_PREFIX.length).split(':');
  if (!subjectId || !iv || !tag || sealed === undefined) return ERASED;
  const key = keyOf(subjectId);
  if (key === null || key === undefined) return ERASED;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return ERASED;
  }
}

/**
 * The key a subject's fingerprints are computed with: HKDF-Expand (RFC 5869) with the case key as the
 * pseudorandom key — it is 32 random bytes, so the Extract step adds nothing — and one output block.
 */
export function fingerprintKeyOf(key: Buffer): Buffer {
  return createHmac('sha256', key).update('pd:fingerprint:v1\x01', 'latin1').digest();
}

export function fingerprintWithKey(fingerprintKey: Buffer, value: string): string {
  return createHmac('sha256', fingerprintKey).update(value, 'utf8').digest('hex');
}

/** Every subject named by a sealed string anywhere inside `value` (strings, arrays, plain objects). */
export function sealedSubjectsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const subjectId = subjectOfSealed(value);
    if (subjectId !== undefined) into.add(subjectId);
  } else if (Array.isArray(value)) {
    for (const item of value) sealedSubjectsIn(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) sealedSubjectsIn(item, into);
  }
  return into;
}
