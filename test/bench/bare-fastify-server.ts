import Fastify from 'fastify';

/**
 * The HTTP bench's limit for the command path: the framework alone, a Fastify POST that returns the body
 * it parsed, in its own process with the engine's flags, measured with the same client as the engine.
 * Prints one line with its address, as the engine's server logs it.
 */
async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.post('/api/v1/complaints', async (request, reply) => reply.code(201).send(request.body));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  console.log(JSON.stringify({ url }));
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
