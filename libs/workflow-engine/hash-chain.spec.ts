import { describe, expect, it } from '@jest/globals';
import { uuidFromName } from '../kernel/index.js';
import { commandFingerprint, eventHash, GENESIS_HASH } from './hash-chain.js';

/**
 * Stored events carry these digests and ids, and audits recompute them (docs/audit.md): however the code
 * computes them, the same input must give the same value forever. The values below were computed by the
 * first implementation (streaming `createHash`), before the one-shot `hash()` replaced it.
 */
describe('digests that stored events depend on', () => {
  const streamId = 'complaint-3f1c2a4e-8b1d-4f7a-9c2e-5d6b7a8c9d0e';

  it('derives the same event id from a stream and command id', () => {
    expect(uuidFromName(`${streamId}:cmd-1`)).toBe('88960f3d-e0c2-5b82-b25d-d04153c4cdf1');
  });

  it('hashes an event with personal data in Chinese to the same digest', () => {
    expect(
      eventHash({
        streamId,
        revision: 0,
        eventId: '88960f3d-e0c2-5b82-b25d-d04153c4cdf1',
        type: 'ComplaintReceived',
        data: {
          customer: { name: '王建国', phone: '13800138000' },
          vehicle: { plate: '沪A12345' },
          mileageKm: 23150,
        },
        metadata: {
          occurredAt: '2026-03-01T08:00:00.000Z',
          prevHash: GENESIS_HASH,
          actor: { id: 'wang.cs', roles: ['customer_service'] },
        },
      }),
    ).toBe('c981e7bc877a74268ab25199ed4e0e78a99e55b0f7c0fb1f451c51c32006c4f4');
  });

  it('fingerprints a request to the same digest', () => {
    expect(commandFingerprint({ action: 'verify', data: { findings: '异响' } })).toBe(
      'a173e83ea508da1de10f74850fae678097fbb006d7162136b4ad8b95a90b7a21',
    );
  });
});
