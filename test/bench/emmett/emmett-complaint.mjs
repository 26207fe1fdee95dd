// The complaint workflow as an Emmett decider on Emmett's SQLite event store: the other side of the
// side-by-side benchmark (test/bench/emmett-comparison.bench.ts starts this file in its own process).
//
//   node emmett-complaint.mjs --sequential 300 --cases 1000 --in-flight 16,64
//   (the eight commands come as JSON in the BENCH_WORKLOAD environment variable, from complaint-workload.ts)
//
// Prints one JSON line: { engine, version, synchronous, sequential: {...}, inFlight16: {...}, ... }.
//
// Connection: emmett-sqlite opens a node-sqlite3 connection per operation for a file database unless an
// ambient one is passed (connectionOptions: { singleton: true, connection }); that is the fastest setup it
// offers, so one connection is opened here and shared. Emmett itself only runs `PRAGMA journal_mode = WAL`
// on it; `PRAGMA synchronous = FULL` is set here (it is also this build's default in WAL mode), and read
// back into the output. Transactions are `BEGIN IMMEDIATE … COMMIT` with a nesting counter per connection:
// concurrent commands on one connection join whichever transaction is open, so the COMMITs are counted
// (node-sqlite3's Database#run is wrapped) and reported beside the commands.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeciderCommandHandler, IllegalStateError } from '@event-driven-io/emmett';
import { getSQLiteEventStore, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import sqlite3 from 'sqlite3';

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------------
// The decider: the same states, guards and routing as workflows/complaint/complaint-machine.ts (v2).

const MAJOR_SENSITIVITIES = ['media', 'vip', 'key_account'];
const DISSATISFIED = ['somewhat_dissatisfied', 'dissatisfied', 'very_dissatisfied'];
const ESCALATION_ROLES = [null, 'service_manager', 'general_manager'];
const ROUTES = { parts: 'parts_manager', technical: 'technical_director', other: 'service_manager' };

const initialState = () => ({ status: 'none' });

/** Dealer staff of the owning dealer holding `role` (all complaint roles are dealer roles). */
const actsAs = (actor, role, state) =>
  actor.roles.includes(role) && actor.dealerId !== undefined && actor.dealerId === state.dealerId;

const handlerRole = (state) =>
  state.escalationLevel === 0
    ? (state.routedTo ?? 'service_manager')
    : ESCALATION_ROLES[state.escalationLevel];

const refuse = (command, state) => {
  throw new IllegalStateError(`'${command.type}' is not allowed in state '${state.status}' for this actor`);
};

const event = (type, command, data) => ({
  type,
  data: { ...data, actor: command.metadata.actor, occurredAt: command.metadata.now.toISOString() },
});

function decide(command, state) {
  const { actor } = command.metadata;
  const data = command.data;
  switch (command.type) {
    case 'create':
      if (state.status !== 'none' || actor.dealerId === undefined) return refuse(command, state);
      if (!actor.roles.includes('reception') && !actor.roles.includes('customer_service'))
        return refuse(command, state);
      return event('ComplaintReceived', command, {
        ...data,
        caseId: command.metadata.caseId,
        dealerId: actor.dealerId,
        regionId: actor.regionId,
      });
    case 'verify':
      if (state.status !== 'received' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      if (!(data.problemClass in ROUTES)) throw new IllegalStateError('unknown problemClass');
      return event('ComplaintVerified', command, {
        findings: data.findings,
        problemClass: data.problemClass,
      });
    case 'propose-resolution':
      if (state.status !== 'routed' || !actsAs(actor, handlerRole(state), state))
        return refuse(command, state);
      return event('ComplaintResolutionProposed', command, {
        cause: data.cause,
        plan: data.plan,
        appointmentAt: data.appointmentAt ?? null,
      });
    case 'record-customer-reply':
      if (
        state.status !== 'awaiting_customer_reply' ||
        !(actsAs(actor, 'customer_service', state) || actsAs(actor, 'service_advisor', state))
      )
        return refuse(command, state);
      return event('ComplaintCustomerReplied', command, {
        decision: data.decision,
        notes: data.notes ?? null,
      });
    case 'report-feedback':
      if (state.status !== 'awaiting_feedback' || !actsAs(actor, 'service_advisor', state))
        return refuse(command, state);
      return event('ComplaintFeedbackReported', command, { result: data.result });
    case 'confirm-satisfaction':
      if (state.status !== 'awaiting_satisfaction' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintSatisfactionConfirmed', command, { satisfied: data.satisfied === true });
    case 'record-follow-up':
      if (state.status !== 'awaiting_follow_up' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintFollowUpRecorded', command, {
        satisfaction: data.satisfaction,
        notes: data.notes ?? null,
      });
    case 'close':
      if (state.status !== 'followed_up' || !actsAs(actor, 'customer_service', state))
        return refuse(command, state);
      return event('ComplaintClosed', command, {});
    default:
      throw new IllegalStateError(`unknown command '${command.type}'`);
  }
}

const escalate = (state, reason, e) =>
  state.escalationLevel >= 2
    ? state
    : {
        ...state,
        escalationLevel: state.escalationLevel + 1,
        escalations: [...state.escalations, { reason, by: e.data.actor.id, at: e.data.occurredAt }],
      };

const routedBack = (state) => ({ ...state, status: 'routed', assignedRole: handlerRole(state) });

function evolve(state, e) {
  const d = e.data;
  switch (e.type) {
    case 'ComplaintReceived': {
      const sensitive = d.customer.sensitive ?? [];
      const major =
        d.severity === 'major' || d.safety === true || sensitive.some((s) => MAJOR_SENSITIVITIES.includes(s));
      const opened = {
        status: 'received',
        caseId: d.caseId,
        dealerId: d.dealerId,
        regionId: d.regionId,
        channel: d.channel,
        category: d.category,
        severity: d.severity,
        major,
        customer: { ...d.customer, sensitive },
        vehicle: d.vehicle,
        description: d.description,
        receivedBy: d.actor.id,
        assignedRole: 'customer_service',
        escalationLevel: 0,
        escalations: [],
        routedTo: null,
        reopenCount: 0,
      };
      return major ? escalate(opened, 'major complaint at intake', e) : opened;
    }
    case 'ComplaintVerified': {
      const next = { ...state, status: 'routed', problemClass: d.problemClass, findings: d.findings };
      next.routedTo = ROUTES[d.problemClass];
      return { ...next, assignedRole: handlerRole(next) };
    }
    case 'ComplaintResolutionProposed':
      return {
        ...state,
        status: 'awaiting_customer_reply',
        resolution: { cause: d.cause, plan: d.plan, proposedBy: d.actor.id, proposedAt: d.occurredAt },
        assignedRole: 'customer_service',
      };
    case 'ComplaintCustomerReplied':
      return d.decision === 'accepted'
        ? { ...state, status: 'awaiting_feedback', customerReply: d, assignedRole: 'service_advisor' }
        : routedBack(
            escalate({ ...state, customerReply: d }, 'customer rejected the proposed resolution', e),
          );
    case 'ComplaintFeedbackReported':
      return {
        ...state,
        status: 'awaiting_satisfaction',
        feedback: { result: d.result, reportedBy: d.actor.id, at: d.occurredAt },
        assignedRole: 'customer_service',
      };
    case 'ComplaintSatisfactionConfirmed':
      return d.satisfied
        ? { ...state, status: 'awaiting_follow_up', satisfied: true, assignedRole: 'customer_service' }
        : routedBack(escalate({ ...state, satisfied: false }, 'customer not satisfied with the result', e));
    case 'ComplaintFollowUpRecorded':
      return DISSATISFIED.includes(d.satisfaction)
        ? routedBack({ ...state, followUp: d, reopenCount: state.reopenCount + 1, resolution: null })
        : { ...state, status: 'followed_up', followUp: d };
    case 'ComplaintClosed':
      return { ...state, status: 'closed', closedAt: d.occurredAt, assignedRole: null };
    default:
      return state;
  }
}

const handle = DeciderCommandHandler({
  decide,
  evolve,
  initialState,
  mapToStreamId: (id) => `complaint-${id}`,
});

// ---------------------------------------------------------------------------------------------------
// The run.

let commits = 0;
const run = sqlite3.Database.prototype.run;
sqlite3.Database.prototype.run = function countCommits(sql, ...rest) {
  if (sql === 'COMMIT') commits += 1;
  return run.call(this, sql, ...rest);
};

function argument(flag, fallback) {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function versionOf(name) {
  return JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
}

async function runCases(eventStore, stored, workload, cases, inFlight) {
  const storedBefore = await stored();
  const latencies = [];
  let errors = 0;
  let firstError;
  let next = 0;
  const commitsBefore = commits;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < cases) {
        next += 1;
        const caseId = randomUUID();
        for (const step of workload) {
          const t = performance.now();
          try {
            await handle(eventStore, caseId, {
              type: step.action,
              data: step.data,
              metadata: { actor: step.actor, now: new Date(), caseId },
            });
            latencies.push(performance.now() - t);
          } catch (error) {
            errors += 1;
            firstError ??= String(error);
          }
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    commandsPerSecond: latencies.length / seconds,
    commands: latencies.length,
    errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    storedEvents: (await stored()) - storedBefore,
    commits: commits - commitsBefore,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

async function main() {
  const workload = JSON.parse(process.env.BENCH_WORKLOAD ?? 'null');
  if (!Array.isArray(workload) || workload.length === 0) throw new Error('BENCH_WORKLOAD (JSON) is missing');
  const sequentialCases = Number(argument('--sequential', '300'));
  const concurrentCases = Number(argument('--cases', '1000'));
  const inFlightLevels = argument('--in-flight', '16').split(',').map(Number);

  const dir = mkdtempSync(join(tmpdir(), 'bench-emmett-'));
  const fileName = join(dir, 'events.sqlite');
  const connection = sqliteConnection({ fileName });
  const closers = [() => connection.close()];
  try {
    await connection.command('PRAGMA synchronous = FULL');
    const eventStore = getSQLiteEventStore({ fileName, connectionOptions: { singleton: true, connection } });
    const { synchronous } = await connection.querySingle('PRAGMA synchronous');
    await eventStore.schema.migrate();
    // Counted on a second connection, so only committed events count.
    const counter = sqliteConnection({ fileName });
    closers.push(() => counter.close());
    const stored = async () =>
      (await counter.querySingle('SELECT COUNT(*) AS stored FROM emt_messages')).stored;
    await runCases(eventStore, stored, workload, 20, 1); // warm-up
    const report = {
      engine: 'emmett-sqlite',
      version: `emmett ${versionOf('@event-driven-io/emmett')}, emmett-sqlite ${versionOf('@event-driven-io/emmett-sqlite')}, sqlite3 ${versionOf('sqlite3')}`,
      synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][synchronous] ?? String(synchronous),
      sequential: await runCases(eventStore, stored, workload, sequentialCases, 1),
    };
    for (const inFlight of inFlightLevels) {
      report[`inFlight${inFlight}`] = await runCases(eventStore, stored, workload, concurrentCases, inFlight);
    }
    console.log(JSON.stringify(report));
  } finally {
    for (const close of closers) close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
