import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueDevToken } from './token-issuer.js';
import { InvalidTokenError, TokenVerifier } from './token-verifier.js';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';

describe('token verification: HS256 dev tokens', () => {
  const verifier = new TokenVerifier({ secret: SECRET });

  it('turns claims into the actor', async () => {
    const token = await issueDevToken(SECRET, {
      sub: 'alice',
      name: '爱丽丝',
      roles: ['customer_service'],
      dealerId: 'D001',
      regionId: 'R01',
    });
    expect(await verifier.verify(token)).toEqual({
      id: 'alice',
      name: '爱丽丝',
      roles: ['customer_service'],
      dealerId: 'D001',
      regionId: 'R01',
    });
  });

  it.each([
    ['an unknown role', { sub: 'x', roles: ['pope'] }],
    ['no roles', { sub: 'x', roles: [] }],
    ['no subject', { roles: ['auditor'] }],
    ['a dealer id that is not a string', { sub: 'x', roles: ['auditor'], dealerId: 7 }],
  ])('refuses %s', async (_why, claims) => {
    const { sub, ...rest } = claims as { sub?: string };
    let builder = new SignJWT(rest as Record<string, unknown>)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h');
    if (sub) builder = builder.setSubject(sub);
    const token = await builder.sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses an expired token beyond the clock tolerance, and accepts one within it', async () => {
    const sign = (exp: number) =>
      new SignJWT({ roles: ['auditor'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(SECRET));
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier.verify(await sign(now - 120))).rejects.toThrow('expired');
    await expect(verifier.verify(await sign(now - 10))).resolves.toMatchObject({ id: 'x' });
  });

  it('checks the expiry of a remembered token on every use', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['auditor'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime(now - 28)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'x' });
    const toleratedUntil = (now - 28 + 30) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, toleratedUntil - Date.now()) + 200));
    await expect(verifier.verify(token)).rejects.toThrow('expired');
  });

  it('refuses the alg "none" and another secret', async () => {
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["auditor"]}').toString('base64url')}.`;
    await expect(verifier.verify(unsigned)).rejects.toBeInstanceOf(InvalidTokenError);
    const other = await issueDevToken('another-secret-that-is-also-32-bytes-long!', {
      sub: 'x',
      roles: ['auditor'],
    });
    await expect(verifier.verify(other)).rejects.toThrow('signature');
  });
});

describe('token verification: lifetime', () => {
  const verifier = new TokenVerifier({ secret: SECRET, maxLifetimeSeconds: 12 * 3600 });
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (times: { exp?: number; iat?: number }) => {
    let builder = new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x');
    if (times.exp !== undefined) builder = builder.setExpirationTime(times.exp);
    if (times.iat !== undefined) builder = builder.setIssuedAt(times.iat);
    return builder.sign(new TextEncoder().encode(SECRET));
  };

  it('refuses a token without exp', async () => {
    await expect(verifier.verify(await sign({ iat: now() }))).rejects.toThrow('no exp claim');
  });

  it('refuses a token that expires beyond the lifetime cap, and accepts one within it', async () => {
    await expect(verifier.verify(await sign({ exp: now() + 10 * 365 * 86_400 }))).rejects.toThrow(
      'more than 43200 s from now',
    );
    await expect(verifier.verify(await sign({ exp: now() + 12 * 3600 }))).resolves.toMatchObject({ id: 'x' });
  });

  it('refuses a token issued in the future beyond the clock tolerance, and accepts one within it', async () => {
    await expect(verifier.verify(await sign({ iat: now() + 3600, exp: now() + 7200 }))).rejects.toThrow(
      'iat claim lies in the future',
    );
    await expect(verifier.verify(await sign({ iat: now() + 10, exp: now() + 7200 }))).resolves.toMatchObject({
      id: 'x',
    });
  });

  it('never trusts a remembered token beyond the cap it was verified under', async () => {
    const short = new TokenVerifier({ secret: SECRET, maxLifetimeSeconds: 60, clockToleranceSeconds: 0 });
    const exp = now() + 3;
    const token = await sign({ exp });
    await expect(short.verify(token)).resolves.toMatchObject({ id: 'x' });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 200));
    await expect(short.verify(token)).rejects.toThrow('expired');
  });
});

describe('dev tokens: within the lifetime cap', () => {
  it('live 8 hours by default, or the cap when it is shorter', async () => {
    const at = new Date('2026-03-02T09:00:00.000Z');
    const lifetime = async (cap?: number) => {
      const claims = JSON.parse(
        Buffer.from(
          (await issueDevToken(SECRET, { sub: 'x', roles: ['auditor'] }, at, cap)).split('.')[1]!,
          'base64url',
        ).toString(),
      ) as { exp: number; iat: number };
      return claims.exp - claims.iat;
    };
    expect(await lifetime()).toBe(8 * 3600);
    expect(await lifetime(3600)).toBe(3600);
  });

  it('refuse to issue a token that would outlive the cap', async () => {
    await expect(
      issueDevToken(SECRET, { sub: 'x', roles: ['auditor'], expiresIn: '30d' }, new Date(), 12 * 3600),
    ).rejects.toThrow('at most 43200 s');
  });
});

describe('token verification: JWKS with key rotation, issuer and audience', () => {
  let server: Server;
  let url: string;
  const keys: {
    kid: string;
    privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    jwk: JWK;
  }[] = [];
  let published: JWK[] = [];

  async function addKey(kid: string): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    keys.push({
      kid,
      privateKey,
      jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    });
  }
  const sign = (
    kid: string,
    claims: Record<string, unknown> = {},
    issuer = 'https://idp.example',
    audience = 'aftersales',
  ) =>
    new SignJWT({ roles: ['oem_claims'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('xie.claims')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(keys.find((key) => key.kid === kid)!.privateKey);

  beforeAll(async () => {
    await addKey('k1');
    await addKey('k2');
    published = [keys[0]!.jwk];
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a token signed by a published key with the right issuer and audience', async () => {
    const verifier = new TokenVerifier({
      jwksUrl: url,
      issuer: 'https://idp.example',
      audience: 'aftersales',
    });
    expect(await verifier.verify(await sign('k1'))).toMatchObject({
      id: 'xie.claims',
      roles: ['oem_claims'],
    });
  });

  it('picks up a rotated key', async () => {
    const verifier = new TokenVerifier({
      jwksUrl: url,
      issuer: 'https://idp.example',
      jwksCooldownMs: 0,
      audience: 'aftersales',
    });
    await verifier.verify(await sign('k1'));
    published = [keys[0]!.jwk, keys[1]!.jwk];
    expect(await verifier.verify(await sign('k2'))).toMatchObject({ id: 'xie.claims' });
  });

  it('refuses another issuer, another audience, and an HS256 token', async () => {
    const verifier = new TokenVerifier({
      jwksUrl: url,
      issuer: 'https://idp.example',
      audience: 'aftersales',
    });
    await expect(verifier.verify(await sign('k1', {}, 'https://evil.example'))).rejects.toThrow('iss');
    await expect(verifier.verify(await sign('k1', {}, 'https://idp.example', 'other-app'))).rejects.toThrow(
      'aud',
    );
    await expect(
      verifier.verify(await issueDevToken(SECRET, { sub: 'x', roles: ['auditor'] })),
    ).rejects.toBeInstanceOf(InvalidTokenError);
  });
});
