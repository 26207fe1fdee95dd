import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Row } from './bench-row.js';
import { ENGINE_NODE_FLAGS } from './engine-node-flags.js';

export interface ScaleReport {
  readonly cases: number;
  readonly hot: number;
  readonly events: number;
  readonly generateEventsPerSecond: number;
  readonly bytesPerEvent: number;
  readonly replay100: { readonly p50Ms: number; readonly p99Ms: number };
  readonly load100: { readonly p50Ms: number; readonly p99Ms: number };
  readonly asOf100: { readonly p50Ms: number; readonly p99Ms: number };
  readonly asOf100Replay: { readonly p50Ms: number; readonly p99Ms: number };
  readonly snapshotsUsed: number;
  readonly rssBeforeHotMiB: number;
  readonly rssHotMiB: number;
  readonly hotLoadPerSecond: number;
  readonly logReadEventsPerSecond: number;
  readonly rebuildEventsPerSecond: number;
  readonly rebuildRowsPerEvent: number;
  readonly rebuildRowsAgainEventsPerSecond: number;
}

/** BENCH_SCALE_CASES shrinks the store for a quick look (default: the million cases). */
const CASES = Number(process.env.BENCH_SCALE_CASES ?? 1_000_000);
const HOT = Math.min(100_000, CASES);

/** The scale figures from scale-runner.ts, run once in a process of its own (clean RSS). */
export async function benchScale(): Promise<{ rows: Row[]; report: ScaleReport }> {
  const script = join(process.cwd(), 'dist', 'test', 'bench', 'scale-runner.js');
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', ...ENGINE_NODE_FLAGS, script, '--cases', String(CASES), '--hot', String(HOT)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`scale runner exited with ${code}`)),
    );
  });
  const report = JSON.parse(output.trim().split('\n').pop()!) as ScaleReport;
  const store = `${(report.cases / 1e6).toLocaleString('en-US')}M complaints + 100 × 100-event tickets = ${report.events.toLocaleString('en-US')} events`;
  const rows: Row[] = [
    {
      name: 'store generation (group commit)',
      value: report.generateEventsPerSecond,
      unit: 'events/s',
      note: store,
    },
    {
      name: 'disk per event',
      value: report.bytesPerEvent,
      unit: 'bytes',
      note: 'events.sqlite after a WAL checkpoint, indexes included',
    },
    {
      name: 'replay of a 100-event case, cold',
      value: report.replay100.p99Ms,
      unit: 'ms p99',
      note: `p50 ${report.replay100.p50Ms.toFixed(2)} ms; the whole stream read from the ${store.split(' = ')[1]} store and folded`,
    },
    {
      name: 'load of a 100-event case, cold',
      value: report.load100.p99Ms,
      unit: 'ms p99',
      note: `p50 ${report.load100.p50Ms.toFixed(2)} ms; as the engine loads a case it has not cached: the latest case snapshot (every 32 events) and the events after it`,
    },
    {
      name: 'as-of view of a 100-event case, cold',
      value: report.asOf100.p99Ms,
      unit: 'ms p99',
      note: `p50 ${report.asOf100.p50Ms.toFixed(2)} ms; as of one of its events' time, from the latest snapshot by then (${report.snapshotsUsed.toLocaleString('en-US')} loads and views started from one)`,
    },
    {
      name: 'as-of view of a 100-event case, cold, without snapshots',
      value: report.asOf100Replay.p99Ms,
      unit: 'ms p99',
      note: `p50 ${report.asOf100Replay.p50Ms.toFixed(2)} ms; the whole stream read and folded up to that time`,
    },
    {
      name: `RSS, ${report.cases.toLocaleString('en-US')} cases stored, ${report.hot.toLocaleString('en-US')} hot`,
      value: report.rssHotMiB,
      unit: 'MiB',
      note: `${report.rssBeforeHotMiB.toFixed(0)} MiB before the hot cases were loaded (${Math.round(report.hotLoadPerSecond).toLocaleString('en-US')} loads/s)`,
    },
    {
      name: 'bare read of the log',
      value: report.logReadEventsPerSecond,
      unit: 'events/s',
      note: 'every event read and parsed in pages of 20,000, nothing applied: the limit of a rebuild',
    },
    {
      name: 'projection rebuild, every read model',
      value: report.rebuildEventsPerSecond,
      unit: 'events/s',
      note: 'case list + audit index + SLA deadlines from the whole log, catch-up pages of 20,000 (the default)',
    },
    {
      name: "the rebuild's rows inserted again by bare SQL",
      value: report.rebuildRowsAgainEventsPerSecond,
      unit: 'events/s',
      note: `the ${report.rebuildRowsPerEvent.toFixed(1)} rows per event the rebuild wrote, copied table by table into fresh tables of the same schema by prepared inserts (20,000 a transaction): SQLite's part of a rebuild alone, no log read, fold or row building`,
    },
  ];
  return { rows, report };
}
