import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { customerService } from './complaint-fixtures.js';
import { EngineUnderTest } from './engine-under-test.js';

const CAP = 12;

/** A raw loopback connection that records what it receives and when the server closes it. */
function open(baseUrl: string): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = '';
    const socket = connect(Number(port), hostname);
    const closed = new Promise<number>((done) =>
      socket.once('close', () => done(performance.now() - started)),
    );
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** The promise's value, or `fallback` when it takes longer than `ms`; the timer never outlives the test. */
async function within<T, F>(ms: number, promise: Promise<T>, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function health(baseUrl: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${baseUrl}/health`, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    call.on('error', reject);
    call.end();
  });
}

describe('slow and idle clients cannot hold the server (timeouts and a connection cap)', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start({
      env: {
        HTTP_REQUEST_TIMEOUT_MS: '1000',
        HTTP_HEADERS_TIMEOUT_MS: '600',
        HTTP_MAX_CONNECTIONS: String(CAP),
      },
    });
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('given a client that drips its body, then it gets 408 and is cut off after the request timeout', async () => {
    // With a token: without one the request gate answers 401 before reading any body.
    const token = await engine.token(customerService);
    const client = await open(engine.baseUrl);
    client.socket.write(
      `POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    const drip = setInterval(() => client.socket.writable && client.socket.write(' '), 100);
    const closedAfter = await within(5000, client.closed, Infinity);
    clearInterval(drip);
    client.socket.destroy();
    expect(closedAfter).toBeLessThan(3000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('given connections up to the cap, then one more is refused while /health keeps answering, and idle ones are closed', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await health(engine.baseUrl, agent)).toBe(200); // one kept-alive connection
    const idle = await Promise.all(Array.from({ length: CAP - 1 }, () => open(engine.baseUrl)));
    await sleep(50);

    const beyond = await open(engine.baseUrl);
    beyond.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const refusedAfter = await within(2000, beyond.closed, Infinity);
    expect(refusedAfter).toBeLessThan(1000);
    expect(beyond.received()).toBe('');

    expect(await health(engine.baseUrl, agent)).toBe(200); // the existing connection still answers

    // Connections that never send a request are closed after the headers timeout, freeing the cap.
    const idleClosed = await within(4000, Promise.all(idle.map((connection) => connection.closed)), null);
    for (const connection of [...idle, beyond]) connection.socket.destroy();
    expect(idleClosed).not.toBeNull();
    agent.destroy();
    expect((await engine.request('GET', '/health')).status).toBe(200);
  });
});
