export type EventStoreDbTarget =
  | { readonly kind: 'ESDB_URL' | 'testcontainers'; readonly connectionString: string; stop(): Promise<void> }
  | { readonly kind: 'skip'; readonly reason: string };

const IMAGE = process.env.ESDB_IMAGE ?? 'eventstore/eventstore:24.10';

/**
 * Where to find a real EventStoreDB: `ESDB_URL` (e.g. esdb://localhost:2113?tls=false), else a throwaway
 * container when a Docker engine answers. Never a fake: without either the suite is skipped and says so.
 */
export async function eventStoreDbTarget(): Promise<EventStoreDbTarget> {
  const url = process.env.ESDB_URL;
  if (url) return { kind: 'ESDB_URL', connectionString: url, stop: async () => undefined };
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  try {
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000)),
    ]);
  } catch (error) {
    return { kind: 'skip', reason: `no Docker engine (${firstLine(error)}) and no ESDB_URL` };
  }
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP: 'true',
    })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  return {
    kind: 'testcontainers',
    connectionString: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    stop: async () => void (await container.stop()),
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 160);
}
