import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config/index.js';
import { ConfigurationError } from '../kernel/index.js';
import { registeredWorkflows } from '../../workflows/registered-workflows.js';
import { shippedPolicies } from '../../workflows/warranty-claim/shipped-policies.tool.js';
import { openRuntime } from './open-runtime.js';

const workflows = registeredWorkflows({ warrantyPolicies: shippedPolicies() });
const logger = pino({ level: 'silent' });

describe('the composition root', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'open-runtime-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const configWith = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, AUTH_JWT_SECRET: 'x'.repeat(32), ...env });

  it('given an SLA override naming no clock of the workflows, then it refuses to open, naming the variable, before touching DATA_DIR', async () => {
    const config = configWith({ SLA_COMPLAINT_TYPO: 'P1D' });
    const opening = openRuntime(config, { logger, workflows });
    await expect(opening).rejects.toThrow(ConfigurationError);
    await expect(opening).rejects.toThrow(
      /SLA_COMPLAINT_TYPO: no such deadline; known: SLA_COMPLAINT_FEEDBACK/,
    );
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('given an override of a clock of the workflows, then its deadlines run on the configured duration', async () => {
    const runtime = await openRuntime(configWith({ SLA_COMPLAINT_FEEDBACK: 'PT4H' }), { logger, workflows });
    try {
      const feedback = runtime.sla.policy.rules.find(
        (rule) => rule.caseType === 'complaint' && rule.kind === 'feedback',
      );
      expect(feedback?.duration).toBe('PT4H');
      expect(runtime.workflows).toBe(workflows);
      expect(runtime.projects).toBe(true);
      expect(runtime.registry.caseTypes()).toEqual(workflows.map((module) => module.caseType));
    } finally {
      await runtime.close();
    }
  });

  it.each([
    ['the default SWEEPS', true, {}],
    ['SWEEPS=false', false, { SWEEPS: 'false' }],
  ])(
    'given %s, then its background work sweeps SLA deadlines and lost customers: %p',
    async (_, sweeps, env) => {
      const runtime = await openRuntime(configWith({ LOST_CUSTOMER_PERIOD: 'P3M', ...env }), {
        logger,
        workflows,
      });
      try {
        await runtime.startBackgroundWork();
        expect(runtime.sla.sweeper() !== undefined).toBe(sweeps);
        expect(runtime.lostCustomerSweep !== undefined).toBe(sweeps);
      } finally {
        await runtime.close();
      }
    },
  );

  it('given an API opened beside no worker, then it warns that its read models will not move after the catch-up', async () => {
    const lines: string[] = [];
    const recording = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const runtime = await openRuntime(configWith({ IN_PROCESS_WORKER: 'false' }), {
      logger: recording,
      workflows,
      roles: { api: true, projector: 'catch-up-if-free', command: 'api server' },
    });
    await runtime.close();
    expect(lines.join('')).toMatch(/no worker holds the projector role of this DATA_DIR/);
  });
});
