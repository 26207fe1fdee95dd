import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { isRole, type Actor, type Role } from '../kernel/index.js';

export interface TokenVerifierOptions {
  /** HS256 shared secret (embedded default). */
  readonly secret?: string;
  /** JWKS URL (production): keys are fetched and rotated by `kid`. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Tolerated clock difference between the identity provider and this server. */
  readonly clockToleranceSeconds?: number;
  /** After a token names an unknown key id, wait at least this long before fetching the JWKS again. */
  readonly jwksCooldownMs?: number;
  /**
   * The longest a token may live: one whose `exp` lies further ahead is refused, and a verified token is
   * never trusted from the cache for longer. Default 12 hours.
   */
  readonly maxLifetimeSeconds?: number;
}

/** The default cap on a token's lifetime (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** Why a token was refused; the message is safe to show the client. */
export class InvalidTokenError extends Error {
  readonly kind = 'invalid-token';
}

/** Verifies bearer tokens and turns their claims into the Actor every command and read is scoped by. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly verified = new Map<string, { readonly actor: Actor; readonly expiresAt: number }>();

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(options.jwksUrl), {
        cooldownDuration: options.jwksCooldownMs ?? 5_000,
        cacheMaxAge: 600_000,
      });
      this.algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];
    } else if (options.secret) {
      this.key = new TextEncoder().encode(options.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('TokenVerifier needs a secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<Actor> {
    // A client sends the same token with every request: verify the signature once, then trust the cached
    // result until the token expires, and never longer than the lifetime cap (checked on every request).
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (Date.now() <= cached.expiresAt) return cached.actor;
      this.verified.delete(token);
      throw new InvalidTokenError('the token has expired');
    }
    const actor = await this.verifyUncached(token);
    return actor;
  }

  private async verifyUncached(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        algorithms: this.algorithms,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience ? { audience: this.options.audience } : {}),
      };
      const result =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, verifyOptions)
          : await jwtVerify(token, this.key, verifyOptions);
      payload = result.payload;
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(error));
    }
    const now = Date.now();
    const expiresAt = this.checkLifetime(payload, now);
    const actor = actorFromClaims(payload);
    this.verified.set(token, { actor, expiresAt });
    if (this.verified.size > 10_000) this.verified.delete(this.verified.keys().next().value as string);
    return actor;
  }

  /**
   * A token must say when it expires, no later than the lifetime cap from now, and must not claim to be
   * issued in the future (both beyond the clock tolerance): a leaked token without these is a key for life.
   * Returns the moment the cached verification stops being trusted.
   */
  private checkLifetime(payload: JWTPayload, now: number): number {
    const toleranceMs = (this.options.clockToleranceSeconds ?? 30) * 1000;
    const maxLifetimeMs = (this.options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS) * 1000;
    if (typeof payload.exp !== 'number') {
      throw new InvalidTokenError('the token has no exp claim: every token must say when it expires');
    }
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now + toleranceMs) {
      throw new InvalidTokenError('the token iat claim lies in the future');
    }
    const expiresAt = payload.exp * 1000 + toleranceMs;
    const cap = now + maxLifetimeMs + toleranceMs;
    if (expiresAt > cap) {
      throw new InvalidTokenError(
        `the token expires more than ${maxLifetimeMs / 1000} s from now (the longest lifetime accepted)`,
      );
    }
    return expiresAt;
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token algorithm is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key matches the token';
  return 'the token is malformed or not valid';
}

export function actorFromClaims(payload: JWTPayload): Actor {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) {
    throw new InvalidTokenError('the token has no valid sub claim');
  }
  const roles = payload.roles;
  if (!Array.isArray(roles) || roles.length === 0 || roles.length > 32 || !roles.every(isRole)) {
    throw new InvalidTokenError('the token roles claim must be a non-empty array of known role ids');
  }
  const text = (claim: string): string | undefined => {
    const value = payload[claim];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
      throw new InvalidTokenError(`the token ${claim} claim must be a short string`);
    }
    return value;
  };
  const name = text('name');
  const dealerId = text('dealerId');
  const regionId = text('regionId');
  return {
    id: sub,
    roles: roles as Role[],
    ...(name !== undefined ? { name } : {}),
    ...(dealerId !== undefined ? { dealerId } : {}),
    ...(regionId !== undefined ? { regionId } : {}),
  };
}
