import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from './secret-box.js';

describe('subscription secrets at rest', () => {
  const box = SecretBox.fromKey(Buffer.alloc(32, 1));

  it('given a sealed secret, it holds no plaintext and opens only for the subscription it was sealed for', () => {
    const sealed = box.seal('the-receivers-shared-secret', 'subscription-a');
    expect(sealed.toString('latin1')).not.toContain('the-receivers-shared-secret');
    expect(box.open(sealed, 'subscription-a')).toBe('the-receivers-shared-secret');
    expect(() => box.open(sealed, 'subscription-b')).toThrow();
    expect(() => SecretBox.fromKey(Buffer.alloc(32, 2)).open(sealed, 'subscription-a')).toThrow();
  });

  it('given no key, creates one file readable by its owner only, and every process reads the same key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secret-box-')), 'webhook-secrets.key');
    const sealed = SecretBox.fromKeyFile(file).seal('shared', 'id');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(SecretBox.fromKeyFile(file).open(sealed, 'id')).toBe('shared');
  });
});
