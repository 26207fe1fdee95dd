/**
 * Secrets published in this repository (the docker-compose file's former default, the test and benchmark
 * secrets): anyone can sign tokens with them, so a server reachable from the network refuses them.
 */
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  'change-me-this-is-a-development-secret-of-32-bytes',
  'an-end-to-end-test-secret-of-at-least-32-bytes',
  'a-test-secret-that-is-at-least-32-bytes-long',
  'a-benchmark-secret-of-at-least-32-bytes!!',
]);

/** Fewer distinct characters than this (e.g. 32 × `x`) is a placeholder, not a secret. */
const MIN_DISTINCT_CHARACTERS = 10;

/** Whether HOST only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127(?:\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(?:\.\d{1,3}){3}$/.test(bare)
  );
}

/**
 * Why this HS256 secret must not guard a server listening on `host`, or undefined when it may. On a
 * loopback address only this machine can call, so the test secrets and short-lived placeholders stay
 * usable there.
 */
export function networkSecretProblem(secret: string, host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const hint = 'set a random one (e.g. AUTH_JWT_SECRET=$(openssl rand -base64 32)) or listen on 127.0.0.1';
  if (PUBLISHED_SECRETS.has(secret)) {
    return `AUTH_JWT_SECRET is a value published in this repository and HOST=${host} is reachable from the network: ${hint}`;
  }
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) {
    return `AUTH_JWT_SECRET has fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters and HOST=${host} is reachable from the network: ${hint}`;
  }
  return undefined;
}
