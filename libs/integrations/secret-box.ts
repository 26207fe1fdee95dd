import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Subscription secrets at rest: AES-256-GCM under a key kept apart from the database that holds them (a
 * file of its own, 0600, or WEBHOOK_SECRET_KEY), bound to the subscription's id so a sealed secret copied
 * to another row does not open. A copy of the integrations database alone reveals no secret; the engine
 * must be able to sign, so the secret is sealed, not hashed.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('The webhook secret key must be 32 bytes');
    return new SecretBox(key);
  }

  /** Reads the key file, or creates it (32 random bytes, base64, mode 0600) on first use. */
  static fromKeyFile(path: string): SecretBox {
    if (!existsSync(path)) {
      try {
        writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process (the worker beside the API) created it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return SecretBox.fromExistingKeyFile(path);
  }

  /** Reads a key file that must exist (an old node's, when moving its subscriptions). */
  static fromExistingKeyFile(path: string): SecretBox {
    return SecretBox.fromKey(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }

  seal(secret: string, boundTo: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(boundTo));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  open(sealed: Buffer, boundTo: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(boundTo));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}
