import type { Readable } from 'node:stream';

/**
 * The server's own time for each request it logs (`"msg":"request"` lines, Fastify's `ms`), read from its
 * standard output while watched: set beside what the client measured, it tells time spent in the server
 * from time spent waiting before it (the client's sockets, the network, a backlog).
 */
export function watchRequestTimes(output: Readable): { times: number[]; stop: () => void } {
  const times: number[] = [];
  let partial = '';
  const onData = (chunk: Buffer): void => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"msg":"request"')) continue;
      const match = /"ms":([0-9.]+)/.exec(line);
      if (match) times.push(Number(match[1]));
    }
  };
  output.on('data', onData);
  return { times, stop: () => output.off('data', onData) };
}
