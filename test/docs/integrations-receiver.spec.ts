import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complaintIntake, reception } from '../e2e/complaint-fixtures.js';
import { EngineUnderTest } from '../e2e/engine-under-test.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** The receiver example exactly as docs/integrations.md shows it. */
function receiverExample(): string {
  const markdown = readFileSync(join('docs', 'integrations.md'), 'utf8');
  const block = /<!-- receiver-example:start -->\s*```js\n([\s\S]*?)```\s*<!-- receiver-example:end -->/.exec(
    markdown,
  );
  if (block === null) throw new Error('docs/integrations.md has no receiver example block');
  return block[1]!;
}

describe('docs/integrations.md: the receiver example', () => {
  let directory: string;
  let receiver: ChildProcess;
  let output = '';
  let url: string;
  let engine: EngineUnderTest;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'receiver-example-'));
    writeFileSync(join(directory, 'receiver.mjs'), receiverExample());
    receiver = spawn(process.execPath, [join(directory, 'receiver.mjs')], {
      env: { ...process.env, WEBHOOK_SECRET: SECRET, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    receiver.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const port = await until(() => /listening on (\d+)/.exec(output)?.[1]);
    url = `http://127.0.0.1:${port}/`;
    engine = await EngineUnderTest.start({ env: { WEBHOOK_POLL_INTERVAL_MS: '20' } });
  });
  afterAll(async () => {
    await engine.stop();
    receiver.kill();
    rmSync(directory, { recursive: true, force: true });
  });

  it('given a subscription to it, verifies and handles what the engine sends', async () => {
    const subscription = await engine.request('POST', '/api/v1/subscriptions', {
      caller: { sub: 'zhou.integration', roles: ['integration_admin'] },
      body: { url, secret: SECRET },
    });
    expect(subscription.status).toBe(201);
    const created = await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
      caller: reception,
      body: complaintIntake(),
    });
    const line = await until(() => output.split('\n').find((text) => text.includes(created.body.id)));
    expect(JSON.parse(line)).toMatchObject({
      type: 'ComplaintReceived',
      caseId: created.body.id,
      revision: 0,
    });
  });

  it('refuses a forged signature and a stale timestamp with 401, and handles a repeated webhook-id once', async () => {
    const body = JSON.stringify({ type: 'Probe', caseId: 'probe-case', revision: 0 });
    const send = (id: string, timestamp: number, signature: string): Promise<Response> =>
      fetch(url, {
        method: 'POST',
        headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
        body,
      });
    const sign = (id: string, timestamp: number): string =>
      `v1,${createHmac('sha256', Buffer.from(SECRET.slice(6), 'base64'))
        .update(`${id}.${timestamp}.${body}`)
        .digest('base64')}`;
    const now = Math.floor(Date.now() / 1000);
    expect((await send('probe-1', now, 'v1,bm9wZQ==')).status).toBe(401);
    expect((await send('probe-1', now - 3600, sign('probe-1', now - 3600))).status).toBe(401);
    expect((await send('probe-1', now, sign('probe-1', now))).status).toBe(204);
    expect((await send('probe-1', now, sign('probe-1', now))).status).toBe(204);
    expect(output.split('\n').filter((text) => text.includes('probe-case'))).toHaveLength(1);
  });
});

async function until<T>(value: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = value();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
