import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { FixedClock, type Actor } from '../kernel/index.js';
import { registeredWorkflows } from '../../workflows/registered-workflows.js';
import { shippedPolicies } from '../../workflows/warranty-claim/shipped-policies.tool.js';
import { openRuntime } from './open-runtime.js';
import type { Runtime } from './runtime.js';

const workflows = registeredWorkflows({ warrantyPolicies: shippedPolicies() });
const approver: Actor = { id: 'liu.rsm', roles: ['regional_service_manager'], regionId: 'R01' };

describe('the audit port over the embedded read models', () => {
  let dataDir: string;
  let runtime: Runtime;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runtime-ports-'));
    runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(32) }), {
      logger: pino({ level: 'silent' }),
      workflows,
      clock: new FixedClock('2026-03-02T09:00:00.000Z'),
    });
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a reader that stops after the first row, then the query is closed and the read models answer the next read', async () => {
    const { audit, delegations } = runtime.ports;
    for (const delegateId of ['zhang.rep', 'zhou.rep'])
      await delegations.declare(approver, {
        delegateId,
        from: '2026-03-02T00:00:00.000Z',
        until: '2026-03-09T00:00:00.000Z',
      });
    await runtime.runner.catchUp();

    const read: string[] = [];
    for await (const row of audit.rows({})) {
      read.push(row.case_id);
      break;
    }

    expect(read).toHaveLength(1);
    const page = await audit.page({ limit: 10 });
    expect(page.rows.map((row) => row.case_id)).toEqual([read[0], expect.any(String)]);
  });
});
