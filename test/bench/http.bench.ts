import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueDevToken } from '../../libs/auth/index.js';
import { percentile, type Row } from './bench-row.js';
import { complaintActors, complaintWorkload } from './complaint-workload.js';
import { watchRequestTimes } from './server-request-times.js';
import {
  closedLoop,
  keepAliveClient,
  mainThreadCpuMicroseconds,
  processCpuMicroseconds,
  startServer,
  stopServer,
} from './server-process.js';

const SECRET = 'a-benchmark-secret-of-at-least-32-bytes!!';
/** The issue's fixed-rate run lasts 60 s (BENCH_OPEN_LOOP_SECONDS shortens it). */
const OPEN_LOOP_SECONDS = Number(process.env.BENCH_OPEN_LOOP_SECONDS ?? 60);
/**
 * The fixed rate is half the closed loop's maximum of the same run; BENCH_OPEN_LOOP_RATE holds it instead
 * (commands/s), so two builds compared by their p99 are compared at the same rate.
 */
const OPEN_LOOP_RATE = process.env.BENCH_OPEN_LOOP_RATE;
/** Beyond this many commands waiting, the server is overloaded: stop scheduling rather than queue forever. */
const MAX_OUTSTANDING = 4000;
const CLIENTS = 32;
const CLOSED_LOOP_MS = 5000;
const COMPLAINTS_PATH = '/api/v1/complaints';
const intake = JSON.stringify({
  channel: 'walk_in',
  category: 'delay',
  severity: 'normal',
  customer: { name: '王建国', phone: '13800138000', class: 'B' },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'benchmark complaint',
});

/**
 * The limit the HTTP command path is measured against: a bare Fastify POST returning the body, in its own
 * process, the same intake body, client, clients and duration as the engine's create loop.
 */
async function bareFastify(): Promise<Row> {
  const server = await startServer(
    join(process.cwd(), 'dist', 'test', 'bench', 'bare-fastify-server.js'),
    {},
  );
  const client = keepAliveClient(server.base);
  try {
    const post = (): Promise<unknown> => client.send(COMPLAINTS_PATH, intake, 'none', 201);
    for (let index = 0; index < 200; index++) await post();
    let requests = 0;
    const cpuBefore = processCpuMicroseconds(server.child.pid!);
    const perSecond = await closedLoop(CLIENTS, CLOSED_LOOP_MS, async () => {
      await post();
      requests += 1;
    });
    const cpu = processCpuMicroseconds(server.child.pid!) - cpuBefore;
    return {
      name: `bare Fastify POST, closed loop (${CLIENTS} clients)`,
      value: perSecond,
      unit: 'requests/s',
      note: `the framework alone, returning the body; same client; server in its own process; CPU ${(cpu / requests).toFixed(0)} µs per request`,
    };
  } finally {
    client.close();
    await stopServer(server);
  }
}

/**
 * The full HTTP path (auth, validation, command bus, machine, durable append, read-your-writes wait)
 * creating complaints and walking the complaint workload, against the built server in its own process
 * (2 cores: one for the client here), beside a bare Fastify POST measured with the same client.
 */
export async function benchHttp(): Promise<Row[]> {
  const rows: Row[] = [await bareFastify()];
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const server = await startServer(join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js'), {
    NODE_ENV: 'benchmark',
    DATA_DIR: dir,
    AUTH_JWT_SECRET: SECRET,
    PORT: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const { send, close } = keepAliveClient(server.base);
  const token = await issueDevToken(SECRET, {
    sub: 'bench',
    roles: ['customer_service'],
    dealerId: 'D001',
    regionId: 'R01',
  });
  const post = async (): Promise<number> => (await send(COMPLAINTS_PATH, intake, token, 201)).ms;
  const tokens = new Map<string, string>();
  for (const actor of Object.values(complaintActors)) {
    tokens.set(
      actor.id,
      await issueDevToken(SECRET, {
        sub: actor.id,
        roles: [...actor.roles],
        dealerId: actor.dealerId,
        regionId: actor.regionId,
      }),
    );
  }
  /** One step of the complaint workload over HTTP: the create or an action on `caseId`. */
  const step = async (index: number, caseId: string | undefined): Promise<string> => {
    const { action, data, actor } = complaintWorkload[index]!;
    const path = action === 'create' ? COMPLAINTS_PATH : `${COMPLAINTS_PATH}/${caseId}/actions/${action}`;
    const answer = await send(
      path,
      JSON.stringify(data),
      tokens.get(actor.id)!,
      action === 'create' ? 201 : 200,
    );
    return action === 'create' ? (JSON.parse(answer.text) as { id: string }).id : caseId!;
  };
  try {
    for (let index = 0; index < 200; index++) await post();

    // Closed loop: 32 clients as fast as they can for 5 s.
    rows.push({
      name: `HTTP create, closed loop (${CLIENTS} clients)`,
      value: await closedLoop(CLIENTS, CLOSED_LOOP_MS, post),
      unit: 'commands/s',
      note: 'max throughput; server in its own process',
    });

    // Open loop: fixed rates for 4 s each; latency measured from the scheduled send time.
    for (const rate of [250, 500, 1000]) {
      const latencies: number[] = [];
      const total = rate * 4;
      const openStarted = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let index = 0; index < total; index++) {
        const scheduled = openStarted + (index * 1000) / rate;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        inFlight.push(post().then(() => void latencies.push(performance.now() - scheduled)));
      }
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      rows.push({
        name: `HTTP create at ${rate}/s`,
        value: percentile(latencies, 50),
        unit: 'ms p50',
        note: `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms, ${total} requests`,
      });
    }
    // After the create runs (its thousands of open complaints would slow them): the complaint workflow, 32
    // clients, each walking complaints intake → close. Any failure fails the section: the workload expects none.
    let commands = 0;
    let failures = 0;
    let firstFailure: unknown;
    const cpuBefore = processCpuMicroseconds(server.child.pid!);
    const walkUntil = performance.now() + CLOSED_LOOP_MS;
    const walkStarted = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < walkUntil) {
          let caseId: string | undefined;
          for (let index = 0; index < complaintWorkload.length; index++) {
            try {
              caseId = await step(index, caseId);
              commands += 1;
            } catch (error) {
              failures += 1;
              firstFailure ??= error;
              break;
            }
          }
        }
      }),
    );
    const walkSeconds = (performance.now() - walkStarted) / 1000;
    const serverCpu = processCpuMicroseconds(server.child.pid!) - cpuBefore;
    if (failures > 0)
      throw new Error(`HTTP complaint workload: ${failures} commands failed; first: ${String(firstFailure)}`);
    const maximum = commands / walkSeconds;
    rows.push({
      name: `HTTP complaint commands, closed loop (${CLIENTS} clients)`,
      value: maximum,
      unit: 'commands/s',
      note: `intake → close, ${complaintWorkload.length} commands per complaint; ${failures} errors`,
    });
    rows.push({
      name: 'server CPU per HTTP complaint command',
      value: serverCpu / commands,
      unit: 'µs',
      note: `the server process's user + system time (every thread) over the closed loop ÷ ${commands} commands; ${((100 * serverCpu) / 1e6 / walkSeconds).toFixed(0)} % of a core`,
    });

    // Last: it may overload the server, and nothing measured after it should see that backlog.
    const serverTimes = watchRequestTimes(server.child.stdout!);
    try {
      rows.push(
        await openLoopComplaints(
          step,
          OPEN_LOOP_RATE === undefined
            ? Math.max(10, Math.round(maximum / 2 / 10) * 10)
            : Number(OPEN_LOOP_RATE),
          OPEN_LOOP_SECONDS,
          serverTimes.times,
          () => ({
            process: processCpuMicroseconds(server.child.pid!),
            eventLoop: mainThreadCpuMicroseconds(server.child.pid!),
          }),
        ),
      );
    } finally {
      serverTimes.stop();
    }
  } finally {
    close();
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Complaint commands at a fixed rate, latency measured from each command's scheduled time (no coordinated
 * omission): every tick sends the next step of a complaint whose previous step has answered, or opens a
 * new complaint. When more than MAX_OUTSTANDING commands wait, the run stops and says so.
 */
async function openLoopComplaints(
  step: (index: number, caseId: string | undefined) => Promise<string>,
  rate: number,
  seconds: number,
  serverTimes: readonly number[],
  serverCpuMicroseconds: () => { process: number; eventLoop: number },
): Promise<Row> {
  const ready: { caseId: string; next: number }[] = [];
  const latencies: number[] = [];
  let outstanding = 0;
  let errors = 0;
  let firstError: unknown;
  let sent = 0;
  let overloadedAfter: number | undefined;
  const total = rate * seconds;
  const cpuBefore = serverCpuMicroseconds();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let tick = 0; tick < total; tick++) {
    const scheduled = started + (tick * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (outstanding > MAX_OUTSTANDING) {
      overloadedAfter = (performance.now() - started) / 1000;
      break;
    }
    const work = ready.shift() ?? { caseId: '', next: 0 };
    outstanding += 1;
    sent += 1;
    pending.push(
      step(work.next, work.caseId || undefined).then(
        (caseId) => {
          outstanding -= 1;
          latencies.push(performance.now() - scheduled);
          if (work.next + 1 < complaintWorkload.length) ready.push({ caseId, next: work.next + 1 });
        },
        (error: unknown) => {
          outstanding -= 1;
          errors += 1;
          firstError ??= error;
        },
      ),
    );
  }
  await Promise.all(pending);
  const cpuAfter = serverCpuMicroseconds();
  const elapsedSeconds = (performance.now() - started) / 1000;
  const busy = (cpuAfter.process - cpuBefore.process) / 1e6 / elapsedSeconds;
  const loopBusy = (cpuAfter.eventLoop - cpuBefore.eventLoop) / 1e6 / elapsedSeconds;
  if (errors > 0)
    throw new Error(`HTTP complaint commands at ${rate}/s: ${errors} failed; first: ${String(firstError)}`);
  latencies.sort((a, b) => a - b);
  const inServer = [...serverTimes].sort((a, b) => a - b);
  return {
    name: 'HTTP complaint commands at half the closed-loop maximum',
    value: percentile(latencies, 99),
    unit: 'ms p99',
    note:
      `${rate.toLocaleString('en-US')}/s${OPEN_LOOP_RATE === undefined ? '' : ' (held by BENCH_OPEN_LOOP_RATE)'} for ${seconds} s; p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${(latencies[latencies.length - 1] ?? 0).toFixed(1)} ms, ` +
      `${sent} sent, ${errors} errors; in the server (its own request times, ${inServer.length} logged) p50 ${percentile(inServer, 50).toFixed(1)} ms, p99 ${percentile(inServer, 99).toFixed(1)} ms; ` +
      `server CPU ${(100 * busy).toFixed(0)} % of a core (${((1e6 * busy) / rate).toFixed(0)} µs per command), its event loop's thread ${(100 * loopBusy).toFixed(0)} %` +
      (overloadedAfter !== undefined
        ? `; OVERLOADED: over ${MAX_OUTSTANDING} waiting after ${overloadedAfter.toFixed(1)} s, stopped`
        : ''),
  };
}
