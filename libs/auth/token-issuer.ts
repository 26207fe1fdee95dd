import { SignJWT } from 'jose';
import type { Role } from '../kernel/index.js';

export interface DevTokenRequest {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly Role[];
  readonly dealerId?: string;
  readonly regionId?: string;
  /** Lifetime, e.g. `8h` (jose time span syntax). */
  readonly expiresIn?: string;
}

/** Issues HS256 tokens for the embedded default and for tests. Never used with a JWKS identity provider. */
export async function issueDevToken(
  secret: string,
  request: DevTokenRequest,
  now = new Date(),
): Promise<string> {
  const claims: Record<string, unknown> = { roles: [...request.roles] };
  if (request.name !== undefined) claims.name = request.name;
  if (request.dealerId !== undefined) claims.dealerId = request.dealerId;
  if (request.regionId !== undefined) claims.regionId = request.regionId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(secret));
}
