import { describe, expect, it } from '@jest/globals';
import { signWebhook, webhookSignatureMatches } from './webhook-signature.js';

describe('webhook signatures, as Standard Webhooks sign', () => {
  it('given the published Standard Webhooks test vector, signs exactly as the reference libraries do', () => {
    expect(
      signWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('given a secret without the whsec_ prefix, signs with its UTF-8 bytes', () => {
    const signature = signWebhook('plain-secret-of-some-length', 'id-1', 1700000000, '{}');
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(signature).not.toBe(signWebhook('plain-secret-of-some-lengtH', 'id-1', 1700000000, '{}'));
  });

  it('matches any of several space-separated signatures, and no signature over another body', () => {
    const good = signWebhook('s3cret-s3cret-s3cret-s3cret', 'id-1', 1700000000, '{"a":1}');
    const header = `v1,bm9wZQ== ${good}`;
    expect(
      webhookSignatureMatches('s3cret-s3cret-s3cret-s3cret', 'id-1', 1700000000, '{"a":1}', header),
    ).toBe(true);
    expect(
      webhookSignatureMatches('s3cret-s3cret-s3cret-s3cret', 'id-1', 1700000000, '{"a":2}', header),
    ).toBe(false);
  });
});
