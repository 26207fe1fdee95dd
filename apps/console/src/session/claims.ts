/** What the console shows about the signed-in user; the server verifies the token, never the console. */
export interface Claims {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly string[];
  readonly dealerId?: string;
  readonly regionId?: string;
  readonly exp?: number;
}

export function readClaims(token: string): Claims | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims>;
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
    return claims as Claims;
  } catch {
    return null;
  }
}

export function expired(claims: Claims, nowSeconds: number = Date.now() / 1000): boolean {
  return claims.exp !== undefined && claims.exp <= nowSeconds;
}

/** Why the console signed someone out, shown on the sign-in page. */
export type SignOutReason = 'invalid' | 'expired' | 'refused';

/** What is wrong with a token before it is used: not a JWT with sub and roles, or past its `exp`. */
export function tokenProblem(token: string, nowSeconds: number = Date.now() / 1000): SignOutReason | null {
  const claims = readClaims(token);
  if (claims === null) return 'invalid';
  return expired(claims, nowSeconds) ? 'expired' : null;
}
