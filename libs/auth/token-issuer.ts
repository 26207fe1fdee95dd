import { SignJWT, decodeJwt } from 'jose';
import type { Role } from '../kernel/index.js';

export interface DevTokenRequest {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  readonly dealerId?: string;
  readonly regionId?: string;
  /** Lifetime, e.g. `8h` (jose time span syntax); default 8 hours or the cap, whichever is shorter. */
  readonly expiresIn?: string;
}

/** Dev tokens live 8 hours unless asked otherwise, and never longer than the verifier accepts. */
const DEFAULT_LIFETIME_SECONDS = 8 * 3600;

/** Issues HS256 tokens for the embedded default and for tests. Never used with a JWKS identity provider. */
export async function issueDevToken(
  secret: string,
  request: DevTokenRequest,
  now = new Date(),
  maxLifetimeSeconds?: number,
): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const defaultLifetime = Math.min(DEFAULT_LIFETIME_SECONDS, maxLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS);
  const claims: Record<string, unknown> = { roles: [...request.roles] };
  if (request.name !== undefined) claims.name = request.name;
  if (request.dealerId !== undefined) claims.dealerId = request.dealerId;
  if (request.regionId !== undefined) claims.regionId = request.regionId;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt(issuedAt)
    .setExpirationTime(request.expiresIn ?? issuedAt + defaultLifetime)
    .sign(new TextEncoder().encode(secret));
  const lifetime = (decodeJwt(token).exp ?? issuedAt) - issuedAt;
  if (maxLifetimeSeconds !== undefined && lifetime > maxLifetimeSeconds) {
    throw new RangeError(
      `a token may live at most ${maxLifetimeSeconds} s (AUTH_MAX_TOKEN_LIFETIME_SECONDS); asked for ${lifetime} s`,
    );
  }
  return token;
}
