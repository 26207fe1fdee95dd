import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { issueDevToken } from '../../libs/auth/index.js';
import { startPostgres, type PostgresDatabase } from '../../libs/testing/index.js';
import { ensureBuilt, startBuiltServer, startBuiltWorker, type BuiltServer } from './built-server.js';
import { complaintIntake, customerService, serviceAdvisor, technicalDirector } from './complaint-fixtures.js';
import { TEST_SECRET, type Caller } from './engine-under-test.js';
import { eventually } from './eventually.js';
import { WebhookReceiver } from './webhook-receiver.js';

const target = await startPostgres();
const describeWithServer = 'skip' in target ? describe.skip : describe;
if ('skip' in target) console.log(`Multi-node end-to-end test skipped: ${target.skip}`);

/** A frozen duty holder loses its duties this long after its last word (short here; 15 s by default). */
const DUTY_TAKEOVER_MS = 8000;

/** One engine process of the deployment: its own DATA_DIR, the shared database. */
interface Node {
  readonly label: string;
  readonly dataDir: string;
  readonly start: typeof startBuiltServer;
  server: BuiltServer;
}

describeWithServer('three API nodes and a worker on one PostgreSQL database', () => {
  const database = target as PostgresDatabase;
  /** The API nodes; every one also keeps its own read models live. */
  const nodes: Node[] = [];
  let worker: Node;
  const env = (): Record<string, string> => ({
    EVENT_STORE: 'postgres',
    DATABASE_URL: database.url,
    SLA_SWEEP_INTERVAL: 'PT1S',
    SLA_COMPLAINT_FEEDBACK: 'PT5S',
    PROJECTION_WAIT_MS: '5000',
    RATE_LIMIT_PER_MINUTE: '0',
    CASE_SNAPSHOT_INTERVAL: '3',
    // Quick looks and retries, and no timeout, so a killed deliverer leaves its deliveries in flight.
    WEBHOOK_POLL_INTERVAL_MS: '20',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '200',
    WEBHOOK_TIMEOUT_MS: '60000',
    DUTY_TAKEOVER_MS: String(DUTY_TAKEOVER_MS),
  });
  const start = async (label: string, starter = startBuiltServer): Promise<Node> => {
    const dataDir = mkdtempSync(join(tmpdir(), `node-${label}-`));
    return { label, dataDir, start: starter, server: await starter(dataDir, env()) };
  };
  const restart = async (node: Node): Promise<void> => {
    node.server = await node.start(node.dataDir, env());
  };

  beforeAll(async () => {
    ensureBuilt();
    // The first node creates the schema; the others start together against it.
    nodes.push(await start('a'));
    nodes.push(...(await Promise.all([start('b'), start('c')])));
    worker = await start('worker', startBuiltWorker);
  }, 120_000);
  afterAll(async () => {
    const all = [...nodes, ...(worker ? [worker] : [])];
    await Promise.all(all.map((node) => node.server.stop()));
    for (const node of all) rmSync(node.dataDir, { recursive: true, force: true });
    await database.stop();
  });

  async function call<T = Record<string, unknown>>(
    node: Node,
    method: string,
    path: string,
    caller: Caller,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; headers: Headers; body: T }> {
    const token = await issueDevToken(TEST_SECRET, caller, new Date());
    const response = await fetch(`${node.server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  }

  const create = (node: Node) =>
    call<{ id: string }>(node, 'POST', '/api/v1/complaints', customerService, { body: complaintIntake() });

  it('given a case created on node A, when node B is asked with its position, then B lists it', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const created = await create(a);
    expect(created.status).toBe(201);
    const list = await call<{ items: { id: string }[] }>(
      b,
      'GET',
      '/api/v1/complaints?limit=200',
      customerService,
      {
        headers: { 'X-Min-Position': created.headers.get('x-event-position')! },
      },
    );
    expect(list.headers.get('x-read-models-stale')).toBeNull();
    expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
  });

  describe('read models: shared in the database, each applied by one node', () => {
    const READ_MODELS = ['audit', 'cases', 'customers', 'delegations', 'reports', 'sla_deadlines'];

    it('given three nodes and a worker, then each read model is applied by exactly one of them (its duty), and every node reads the same rows', async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ application_name: string }>(
          `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND a.application_name LIKE 'engine duty projection %'`,
        );
        const held = rows.map((row) => row.application_name.split(' ')[3]!).sort();
        expect(held).toEqual(READ_MODELS);
      } finally {
        await client.end();
      }
      const created = await create(nodes[2]!);
      const position = created.headers.get('x-event-position')!;
      const lists = await Promise.all(
        nodes.map((node) =>
          call<{ items: { id: string; revision: number }[] }>(
            node,
            'GET',
            '/api/v1/complaints?limit=200',
            customerService,
            {
              headers: { 'X-Min-Position': position },
            },
          ),
        ),
      );
      for (const list of lists) expect(list.headers.get('x-read-models-stale')).toBeNull();
      expect(lists[0]!.body.items.map((item) => item.id)).toContain(created.body.id);
      expect(lists[1]!.body).toEqual(lists[0]!.body);
      expect(lists[2]!.body).toEqual(lists[0]!.body);
    });

    it('given the node applying the case list is killed with SIGKILL, then another takes it over and a case created afterwards is listed on every node', async () => {
      const holder = await dutyHolder('projection cases');
      const victim = [...nodes, worker].find((node) => node.server.child.pid === holder)!;
      expect(victim).toBeDefined();
      victim.server.child.kill('SIGKILL');
      await new Promise((resolve) => victim.server.child.once('exit', resolve));
      const survivors = nodes.filter((node) => node !== victim);
      const created = await create(survivors[0]!);
      expect(created.status).toBe(201);
      expect(created.headers.get('x-read-models-stale')).toBeNull();
      const list = await call<{ items: { id: string }[] }>(
        survivors[1]!,
        'GET',
        '/api/v1/complaints?limit=200',
        customerService,
        { headers: { 'X-Min-Position': created.headers.get('x-event-position')! } },
      );
      expect(list.headers.get('x-read-models-stale')).toBeNull();
      expect(list.body.items.map((item) => item.id)).toContain(created.body.id);
      expect(await dutyHolder('projection cases')).not.toBe(holder);
      await restart(victim);
    }, 60_000);
  });

  describe('personal data: the keys live in the shared database', () => {
    const privacyOfficer: Caller = { sub: 'privacy.li', name: 'Li', roles: ['privacy_officer'] };
    interface Customer {
      readonly name: string;
      readonly phone: string;
    }
    type View = { id: string; data: { customer: Customer } };
    const customerOf = async (node: Node, id: string, minPosition: string) => {
      const headers = { 'X-Min-Position': minPosition };
      const view = await call<View>(node, 'GET', `/api/v1/complaints/${id}`, customerService, { headers });
      const list = await call<{ items: View[] }>(
        node,
        'GET',
        '/api/v1/complaints?limit=200',
        customerService,
        {
          headers,
        },
      );
      const history = await call<{ events: { data: { customer?: Customer } }[] }>(
        node,
        'GET',
        `/api/v1/complaints/${id}/history`,
        customerService,
      );
      return {
        view: view.body.data.customer,
        list: list.body.items.find((item) => item.id === id)?.data.customer,
        history: history.body.events[0]?.data.customer,
      };
    };

    it('given a case created on node A, then node B shows the customer in clear; given B erases it, then A shows [erased] in its very next read', async () => {
      const [a, b] = [nodes[0]!, nodes[1]!];
      const created = await create(a);
      expect(created.status).toBe(201);
      const position = created.headers.get('x-event-position')!;
      const inClear = { name: '王建国', phone: '13800138000' };
      expect(await customerOf(b, created.body.id, position)).toEqual({
        view: expect.objectContaining(inClear),
        list: expect.objectContaining(inClear),
        history: expect.objectContaining(inClear),
      });
      // Node A has just disclosed the case too: nothing it read then may outlive the erasure.
      expect((await customerOf(a, created.body.id, position)).view).toMatchObject(inClear);

      const erased = await call(
        b,
        'POST',
        `/api/v1/complaints/${created.body.id}/personal-data/erasure`,
        privacyOfficer,
        { body: { reason: 'customer request, ticket PR-9' } },
      );
      expect(erased.status).toBe(200);
      const gone = { name: '[erased]', phone: '[erased]' };
      expect(await customerOf(a, created.body.id, position)).toEqual({
        view: expect.objectContaining(gone),
        list: expect.objectContaining(gone),
        history: expect.objectContaining(gone),
      });
      expect((await customerOf(nodes[2]!, created.body.id, position)).view).toMatchObject(gone);
    });

    it('given one create with the same Idempotency-Key racing on two nodes, then both answer the one case', async () => {
      const key = { 'Idempotency-Key': `race-${Date.now()}` };
      const answers = await Promise.all(
        [nodes[0]!, nodes[1]!, nodes[2]!, nodes[0]!, nodes[1]!, nodes[2]!].map((node) =>
          call<{ id: string }>(node, 'POST', '/api/v1/complaints', customerService, {
            body: complaintIntake(),
            headers: key,
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      const history = await call<{ events: unknown[] }>(
        nodes[2]!,
        'GET',
        `/api/v1/complaints/${answers[0]!.body.id}/history`,
        customerService,
      );
      expect(history.body.events).toHaveLength(1);
    });
  });

  it('given ten racers on one case spread over the nodes, then exactly one wins', async () => {
    const { id } = (await create(nodes[0]!)).body;
    await call(nodes[1]!, 'POST', `/api/v1/complaints/${id}/actions/verify`, customerService, {
      body: { findings: 'confirmed on the lift', problemClass: 'technical', judgement: 'defect' },
    });
    await call(nodes[2]!, 'POST', `/api/v1/complaints/${id}/actions/propose-resolution`, technicalDirector, {
      body: {
        cause: 'worn bearing',
        plan: 'replace the bearing',
        costHandling: { payer: 'oem', amountCents: 120_000 },
      },
    });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        const caller = { ...(index % 2 === 0 ? customerService : serviceAdvisor), sub: `racer-${index}` };
        const result = await call(
          nodes[index % 3]!,
          'POST',
          `/api/v1/complaints/${id}/actions/record-customer-reply`,
          caller,
          {
            body: { decision: 'accepted' },
            headers: { 'If-Match': '"2"' },
          },
        );
        return result.status;
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409 || status === 412)).toHaveLength(9);
    const history = await call<{ events: { type: string }[] }>(
      nodes[0]!,
      'GET',
      `/api/v1/complaints/${id}/history`,
      customerService,
    );
    expect(history.body.events.filter((event) => event.type === 'ComplaintCustomerReplied')).toHaveLength(1);
  });

  it('given a case walked on node A past a snapshot, then node C, which never held it, starts from the snapshot A kept', async () => {
    const [a, c] = [nodes[0]!, nodes[2]!];
    const { id } = (await create(a)).body;
    await call(a, 'POST', `/api/v1/complaints/${id}/actions/verify`, customerService, {
      body: { findings: 'confirmed on the lift', problemClass: 'technical', judgement: 'defect' },
    });
    const proposed = await call(
      a,
      'POST',
      `/api/v1/complaints/${id}/actions/propose-resolution`,
      technicalDirector,
      {
        body: {
          cause: 'worn bearing',
          plan: 'replace the bearing',
          costHandling: { payer: 'oem', amountCents: 120_000 },
        },
      },
    );
    expect(proposed.status).toBe(200);
    // Every third event (CASE_SNAPSHOT_INTERVAL=3): A keeps one after revision 2, without holding up its answer.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const kept = await eventually(
        async () =>
          (
            await client.query<{ revision: string }>(
              'SELECT revision FROM case_snapshots WHERE stream_id = $1',
              [`complaint-${id}`],
            )
          ).rows.map((row) => Number(row.revision)),
        (revisions) => revisions.length > 0,
      );
      expect(kept).toEqual([2]);
    } finally {
      await client.end();
    }
    const used = async (node: Node) =>
      Number(
        /^case_snapshots\{outcome="used"\} (\S+)$/m.exec(
          await (await fetch(`${node.server.baseUrl}/metrics`)).text(),
        )?.[1] ?? 0,
      );
    const before = await used(c);
    const onC = await call(c, 'GET', `/api/v1/complaints/${id}`, customerService);
    expect(await used(c)).toBe(before + 1);
    const onA = await call(a, 'GET', `/api/v1/complaints/${id}`, customerService);
    expect(onC.body).toEqual(onA.body);
  });

  /** A case created and walked on node A until its feedback clock (PT5S here) runs; its id. */
  async function caseAwaitingFeedback(): Promise<string> {
    const { id } = (await create(nodes[0]!)).body;
    const verified = await call(
      nodes[0]!,
      'POST',
      `/api/v1/complaints/${id}/actions/verify`,
      customerService,
      {
        body: { findings: 'confirmed on the lift', problemClass: 'technical', judgement: 'defect' },
      },
    );
    expect(verified.status).toBe(200);
    // v3 starts the feedback clock when the service advisor receives the internal repair order.
    for (const [action, caller, body] of [
      [
        'propose-resolution',
        technicalDirector,
        { cause: 'worn bearing', plan: 'replace it', costHandling: { payer: 'oem', amountCents: 120_000 } },
      ],
      ['record-customer-reply', serviceAdvisor, { decision: 'accepted' }],
      ['receive-repair-order', serviceAdvisor, { internalOrderRef: 'IRO-1' }],
    ] as const) {
      const moved = await call(nodes[0]!, 'POST', `/api/v1/complaints/${id}/actions/${action}`, caller, {
        body,
      });
      expect({ action, status: moved.status }).toEqual({ action, status: 200 });
    }
    return id;
  }

  it('given the node that sweeps is killed with SIGKILL, then another node takes over and the breach is recorded exactly once', async () => {
    const id = await caseAwaitingFeedback();
    // The feedback clock (PT5S here) is running; kill whichever node holds the sweeper's lock before it falls due.
    const holder = await sweeperHolder();
    const victim = [...nodes, worker].find((node) => node.server.child.pid === holder)!;
    expect(victim).toBeDefined();
    victim.server.child.kill('SIGKILL');
    await new Promise((resolve) => victim.server.child.once('exit', resolve));
    const survivor = nodes.find((node) => node !== victim)!;
    const breaches = await breachesOnceRecorded(survivor, id);
    // A few more sweeps by the new holder (and the restarted node) change nothing.
    await restart(victim);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(breaches).toBe(1);
    expect(await breachesOf(survivor, id)).toBe(1);
    expect(await sweeperHolder()).not.toBe(holder);
  }, 60_000);

  it('given the node that sweeps freezes (SIGSTOP: like a lost machine it closes nothing), then another node takes over within DUTY_TAKEOVER_MS, the breach is recorded once, and the node that wakes up has given the duty up', async () => {
    const id = await caseAwaitingFeedback();
    const holder = await sweeperHolder();
    const victim = [...nodes, worker].find((node) => node.server.child.pid === holder)!;
    expect(victim).toBeDefined();
    const survivor = nodes.find((node) => node !== victim)!;
    victim.server.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    let tookOverAfterMs: number;
    let breaches: number;
    try {
      let newHolder = holder;
      while (newHolder === holder && Date.now() - frozenAt < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        newHolder = await sweeperHolder();
      }
      tookOverAfterMs = Date.now() - frozenAt;
      breaches = await breachesOnceRecorded(survivor, id);
    } finally {
      victim.server.child.kill('SIGCONT');
    }
    // Awake again, the frozen node finds its session ended at its first claim and sweeps nothing twice.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(tookOverAfterMs).toBeLessThan(DUTY_TAKEOVER_MS + 10_000);
    expect(breaches).toBe(1);
    expect(await breachesOf(survivor, id)).toBe(1);
    expect(await sweeperHolder()).not.toBe(holder);
    // It still runs (the worker, too, may have held the duty: it serves no HTTP).
    expect({ exitCode: victim.server.child.exitCode, signal: victim.server.child.signalCode }).toEqual({
      exitCode: null,
      signal: null,
    });
  }, 90_000);

  /** How many deadline breaches the case's history holds, read through `node`. */
  async function breachesOf(node: Node, id: string): Promise<number> {
    const history = await call<{ events: { type: string }[] }>(
      node,
      'GET',
      `/api/v1/complaints/${id}/history`,
      customerService,
    );
    return history.body.events.filter((event) => event.type.endsWith('DeadlineBreached')).length;
  }

  /** The breaches of the case once there is one (or 0 after 20 s). */
  async function breachesOnceRecorded(node: Node, id: string): Promise<number> {
    const deadline = Date.now() + 20_000;
    let breaches = 0;
    while (Date.now() < deadline) {
      breaches = await breachesOf(node, id);
      if (breaches > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return breaches;
  }

  it('given random nodes killed with SIGKILL while clients create cases, then every acknowledged case is stored', async () => {
    const acknowledged: string[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      let stop = false;
      const clients = Array.from({ length: 4 }, async (_, client) => {
        for (let n = 0; !stop; n++) {
          const node = nodes[(client + n) % nodes.length]!;
          try {
            const created = await create(node);
            if (created.status === 201) acknowledged.push(created.body.id);
          } catch {
            // The node died under this request: not acknowledged, so nothing is owed.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      const victim = nodes[(cycle * 2 + 1) % nodes.length]!;
      victim.server.child.kill('SIGKILL');
      await new Promise((resolve) => victim.server.child.once('exit', resolve));
      stop = true;
      await Promise.all(clients);
      await restart(victim);
    }
    expect(acknowledged.length).toBeGreaterThan(10);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ stream_id: string }>(
      `SELECT stream_id FROM events WHERE revision = 0 AND stream_id = ANY ($1)`,
      [acknowledged.map((id) => `complaint-${id}`)],
    );
    await client.end();
    expect(rows).toHaveLength(acknowledged.length);
  }, 90_000);

  describe('webhooks: subscriptions and the outbox live in the shared database', () => {
    const integrationAdmin: Caller = { sub: 'zhou.integration', name: 'zhou', roles: ['integration_admin'] };
    const SECRET = 'a-shared-webhook-secret-of-some-length';
    let receiver: WebhookReceiver;
    let subscriptionId: string;
    beforeAll(async () => {
      receiver = await WebhookReceiver.start(SECRET);
    });
    afterAll(async () => {
      if (subscriptionId !== undefined)
        await call(nodes[0]!, 'DELETE', `/api/v1/subscriptions/${subscriptionId}`, integrationAdmin);
      await receiver.stop();
    });

    /** How many events each case has, read from the log through a node. */
    async function eventsOf(node: Node, ids: readonly string[]): Promise<number> {
      let count = 0;
      for (const id of ids) {
        const history = await call<{ events: unknown[] }>(
          node,
          'GET',
          `/api/v1/complaints/${id}/history`,
          customerService,
        );
        count += history.body.events.length;
      }
      return count;
    }
    const deliveriesOf = (ids: readonly string[], from = receiver.requests) =>
      from.filter((request) => ids.includes(request.body.caseId));

    it('given a subscription created on node A, then node B lists it, and the events of cases created through B and C are each delivered exactly once', async () => {
      const [a, b, c] = [nodes[0]!, nodes[1]!, nodes[2]!];
      const created = await call<{ id: string }>(a, 'POST', '/api/v1/subscriptions', integrationAdmin, {
        body: { url: receiver.url, secret: SECRET, caseTypes: ['complaint'] },
      });
      expect(created.status).toBe(201);
      subscriptionId = created.body.id;
      const listed = await call<{ items: { id: string }[] }>(
        b,
        'GET',
        '/api/v1/subscriptions',
        integrationAdmin,
      );
      expect(listed.body.items.map((item) => item.id)).toContain(subscriptionId);

      const ids: string[] = [];
      for (const node of [b, c, b, c]) {
        const response = await create(node);
        expect(response.status).toBe(201);
        ids.push(response.body.id);
      }
      const expected = await eventsOf(a, ids);
      const deadline = Date.now() + 15_000;
      while (deliveriesOf(ids, receiver.accepted).length < expected && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      // Every node runs a dispatcher candidate; a second sender would show within these seconds.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const sent = deliveriesOf(ids);
      expect(sent).toHaveLength(expected);
      expect(new Set(sent.map((request) => `${request.body.caseId}@${request.body.revision}`)).size).toBe(
        expected,
      );
      expect(new Set(sent.map((request) => request.body.caseId))).toEqual(new Set(ids));
      expect(receiver.badSignatures).toEqual([]);
      const metrics = await fetch(`${c.server.baseUrl}/metrics`).then((response) => response.text());
      expect(metrics).toContain(
        `webhook_deliveries{subscription="${subscriptionId}",status="delivered"} ${expected}`,
      );
    }, 40_000);

    it('given the delivering node is killed with SIGKILL mid-delivery, then another node takes the duty over and delivers what was in flight (again, under the same webhook-id)', async () => {
      const holder = await dutyHolder('webhook-outbox');
      const victim = [...nodes, worker].find((node) => node.server.child.pid === holder)!;
      expect(victim).toBeDefined();
      const survivors = nodes.filter((node) => node !== victim);
      // The receiver takes deliveries but answers none: when the deliverer dies, they are in flight.
      receiver.mode = { kind: 'hang', ms: 60_000 };
      const before = receiver.requests.length;
      const ids: string[] = [];
      for (const node of [...survivors, ...survivors]) ids.push((await create(node)).body.id);
      const inFlightOf = () => deliveriesOf(ids, receiver.requests.slice(before));
      const sending = Date.now() + 15_000;
      while (
        new Set(inFlightOf().map((request) => request.body.caseId)).size < ids.length &&
        Date.now() < sending
      )
        await new Promise((resolve) => setTimeout(resolve, 20));
      const inFlight = inFlightOf();
      expect(new Set(inFlight.map((request) => request.body.caseId))).toEqual(new Set(ids));
      victim.server.child.kill('SIGKILL');
      await new Promise((resolve) => victim.server.child.once('exit', resolve));
      try {
        receiver.mode = { kind: 'ok' };
        const expected = await eventsOf(survivors[0]!, ids);
        const deadline = Date.now() + 20_000;
        while (deliveriesOf(ids, receiver.accepted).length < expected && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 50));
        const accepted = deliveriesOf(ids, receiver.accepted);
        expect(accepted).toHaveLength(expected);
        expect(
          new Set(accepted.map((request) => `${request.body.caseId}@${request.body.revision}`)).size,
        ).toBe(expected);
        // At least once: what was in flight when the deliverer died came again with the same webhook-id.
        for (const request of inFlight)
          expect(receiver.requests.filter((again) => again.id === request.id).length).toBeGreaterThanOrEqual(
            2,
          );
        expect(await dutyHolder('webhook-outbox')).not.toBe(holder);
      } finally {
        await restart(victim);
      }
    }, 60_000);
  });

  /** The pid of the node whose duty connection holds the sweeper's advisory lock (its application_name). */
  async function sweeperHolder(): Promise<number> {
    return dutyHolder('sla-sweeper');
  }

  /** The pid of the node whose duty connection holds a duty's advisory lock (its application_name). */
  async function dutyHolder(duty: string): Promise<number> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      for (let attempt = 0; attempt < 40; attempt++) {
        const { rows } = await client.query<{ application_name: string }>(
          `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'advisory' AND a.application_name LIKE $1`,
          [`engine duty ${duty} pid %`],
        );
        const pid = Number(rows[0]?.application_name.split(' ').pop());
        if (Number.isInteger(pid) && pid > 0) return pid;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`no node holds the ${duty} lock`);
    } finally {
      await client.end();
    }
  }
});
