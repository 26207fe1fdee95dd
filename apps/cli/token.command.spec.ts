import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenCommand } from './token.command.js';

describe('npm run token: tokens the server will accept', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'token-command-'));
    process.env.AUTH_JWT_SECRET = 'a-token-command-test-secret-of-32-bytes';
    process.env.AUTH_MAX_TOKEN_LIFETIME_SECONDS = '3600';
    delete process.env.DEALER_DIRECTORY;
  });
  afterAll(() => {
    process.env = saved;
  });

  it("fills a dealer user's region in from the dealer directory, within the lifetime cap", async () => {
    const claims = decodeJwt(
      await tokenCommand({ sub: 'wang.cs', roles: 'customer_service', dealer: 'D002' }),
    );
    expect(claims).toMatchObject({ sub: 'wang.cs', dealerId: 'D002', regionId: 'R02' });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('refuses a region the directory contradicts, a dealer it does not list, and a lifetime beyond the cap', async () => {
    await expect(
      tokenCommand({ sub: 'wang.cs', roles: 'customer_service', dealer: 'D002', region: 'R01' }),
    ).rejects.toThrow('--region R01 contradicts the dealer directory: D002 is in R02');
    await expect(tokenCommand({ sub: 'wang.cs', roles: 'customer_service', dealer: 'D999' })).rejects.toThrow(
      'not in the dealer directory',
    );
    await expect(tokenCommand({ sub: 'audit.zhang', roles: 'auditor', expires: '2h' })).rejects.toThrow(
      'at most 3600 s',
    );
  });
});
