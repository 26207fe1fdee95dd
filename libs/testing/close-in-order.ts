/** Anything a test opens: a runner, a store, a pool, a SQLite file, a throwaway database. */
export type TestResource = { close(): unknown } | { end(): unknown } | { stop(): unknown } | undefined;

/** Closes what a test opened in the order given (users before what they use), skipping what never opened. */
export async function closeInOrder(...resources: readonly TestResource[]): Promise<void> {
  for (const resource of resources) {
    if (resource === undefined) continue;
    if ('close' in resource) await resource.close();
    else if ('end' in resource) await resource.end();
    else await resource.stop();
  }
}
