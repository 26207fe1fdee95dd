/**
 * The V8 flags the engine runs with (`npm start`, `npm run start:worker`, the Docker image), so every
 * process the bench starts for our side runs as shipped.
 *
 * --no-allocation-site-pretenuring: a server keeps folded cases in its cache, so V8 learns that the
 * objects a fold allocates (machine snapshots, parsed events) survive, and allocates them in the old
 * generation from then on. Folds of cases that are not cached (cold loads, as-of views, verification)
 * then fill the old generation with garbage: a full collection every ~0.6 s and scavenges of 2–6 ms. The
 * scale bench's 100-event replay went from p99 7.3 ms to 1.3 ms without it; command throughput did not
 * change within the machine's noise (docs/performance.md).
 *
 * --max-semi-space-size=32: a command allocates a few hundred kilobytes that die young (parsed bodies,
 * views, JSON); a young generation twice V8's default is scavenged half as often, and less of it is
 * promoted only because a scavenge came mid-request. HTTP complaint walk, three interleaved pairs: 1,321
 * → 1,439 commands/s on average, server CPU per command 937 → 864 µs; 64 MiB was slower (docs/performance.md).
 */
export const ENGINE_NODE_FLAGS: readonly string[] = [
  '--no-allocation-site-pretenuring',
  '--max-semi-space-size=32',
];
