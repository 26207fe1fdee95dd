import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../libs/kernel/index.js';
import { machineGraph } from '../libs/workflow-engine/index.js';
import { loadRegisteredWorkflows, loadWorkflowReferenceData } from './registered-workflows.js';
import { shippedPolicies } from './warranty-claim/shipped-policies.tool.js';

const problemsOf = (environment: Record<string, string>): readonly string[] => {
  try {
    loadWorkflowReferenceData(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
};

describe('the registered workflows, loaded from the configured environment', () => {
  it('given no WARRANTY_POLICY_DIR, then every workflow runs with the shipped policies', () => {
    expect(loadWorkflowReferenceData({}).warrantyPolicies).toEqual(shippedPolicies());
    expect(loadRegisteredWorkflows({}).map((module) => module.caseType)).toEqual([
      'complaint',
      'goodwill',
      'preferential-claim',
      'warranty-claim',
      'service-event',
      'follow-up',
    ]);
  });

  it('refuses a warranty policy folder without policies', () => {
    expect(problemsOf({ WARRANTY_POLICY_DIR: mkdtempSync(join(tmpdir(), 'policies-')) })).toEqual([
      expect.stringContaining('no *.json policy files'),
    ]);
  });

  it('names the variable, the file and the JSON path of a bad policy', () => {
    const folder = mkdtempSync(join(tmpdir(), 'policies-'));
    writeFileSync(join(folder, 'broken.json'), '{ not json');
    expect(problemsOf({ WARRANTY_POLICY_DIR: folder })).toEqual([
      expect.stringMatching(/^WARRANTY_POLICY_DIR broken\.json \$: not valid JSON/),
    ]);
  });

  it('refuses a folder that cannot be read, naming the variable', () => {
    expect(problemsOf({ WARRANTY_POLICY_DIR: join(tmpdir(), 'no-such-policy-folder') })).toEqual([
      expect.stringMatching(/^WARRANTY_POLICY_DIR: ENOENT/),
    ]);
  });

  it('names the variable, the file and the JSON path of a bad follow-up plan, with the other problems', () => {
    const plans = mkdtempSync(join(tmpdir(), 'plans-'));
    writeFileSync(join(plans, 'broken.json'), '{ not json');
    const problems = problemsOf({
      FOLLOW_UP_PLAN_DIR: plans,
      WARRANTY_POLICY_DIR: mkdtempSync(join(tmpdir(), 'policies-')),
    });
    expect(problems).toEqual([
      expect.stringContaining('WARRANTY_POLICY_DIR'),
      expect.stringMatching(/^FOLLOW_UP_PLAN_DIR broken\.json \$: not valid JSON/),
    ]);
  });
});

describe('the OEM price list (WARRANTY_PRICE_LIST_DIR), validated at start', () => {
  const withList = (files: Record<string, unknown>): string => {
    const folder = mkdtempSync(join(tmpdir(), 'prices-'));
    for (const [name, json] of Object.entries(files)) writeFileSync(join(folder, name), JSON.stringify(json));
    return folder;
  };
  const list = {
    id: 'oem-prices',
    version: 1,
    effectiveFrom: '2026-01-01',
    currency: 'CNY',
    labourRates: { default: 12_000 },
    operations: { 'TR-VB-01': { hours: 4 } },
    parts: { '0AM-325-065': { unitCents: 240_000 } },
  };

  it('given no WARRANTY_PRICE_LIST_DIR, then the shipped versions are loaded, oldest first', () => {
    expect(
      loadWorkflowReferenceData({}).warrantyPriceLists?.lists.map((l) => [l.version, l.effectiveFrom]),
    ).toEqual([
      [1, '2025-01-01'],
      [2, '2026-07-01'],
    ]);
  });

  it('loads an operator folder given by the variable', () => {
    expect(
      loadWorkflowReferenceData({ WARRANTY_PRICE_LIST_DIR: withList({ 'v1.json': list }) })
        .warrantyPriceLists,
    ).toEqual({
      lists: [list],
    });
  });

  it('names the variable, the file and the JSON path of each bad entry', () => {
    const folder = withList({
      'v1.json': {
        ...list,
        currency: 'yuan',
        operations: { 'TR-VB-01': { hours: 4.25 } },
        parts: { '0AM-325-065': { unitCents: 0 } },
      },
    });
    expect(problemsOf({ WARRANTY_PRICE_LIST_DIR: folder })).toEqual([
      expect.stringMatching(/^WARRANTY_PRICE_LIST_DIR v1\.json \$\.currency: /),
      expect.stringMatching(/^WARRANTY_PRICE_LIST_DIR v1\.json \$\.operations\.TR-VB-01\.hours: .*tenths/),
      expect.stringMatching(/^WARRANTY_PRICE_LIST_DIR v1\.json \$\.parts\.0AM-325-065\.unitCents: /),
    ]);
  });

  it('refuses versions whose effective days do not follow their order, or a second list id', () => {
    const folder = withList({
      'v1.json': list,
      'v2.json': { ...list, version: 2, effectiveFrom: '2025-06-01' },
      'v3.json': { ...list, version: 3, id: 'other', effectiveFrom: '2027-01-01' },
    });
    expect(problemsOf({ WARRANTY_PRICE_LIST_DIR: folder })).toEqual([
      expect.stringMatching(
        /^WARRANTY_PRICE_LIST_DIR v2\.json \$\.effectiveFrom: version 2 must take effect after version 1/,
      ),
      expect.stringMatching(/^WARRANTY_PRICE_LIST_DIR v3\.json \$\.id: one price list per folder/),
    ]);
  });

  it('refuses an empty folder', () => {
    expect(problemsOf({ WARRANTY_PRICE_LIST_DIR: withList({}) })).toEqual([
      expect.stringContaining('no *.json price list files'),
    ]);
  });
});

describe('each registered workflow lists the events it records', () => {
  it('every released version records and handles only events its module lists', () => {
    for (const module of loadRegisteredWorkflows({})) {
      const listed = new Set(module.events);
      for (const version of module.versions) {
        const recorded = [version.create, ...Object.values(version.actions)].map(
          (action) => action.eventType,
        );
        const { states, machineWide } = machineGraph(version.machine);
        const handled = [...states.flatMap((state) => state.transitions), ...machineWide]
          .map((transition) => transition.eventType)
          .filter((type): type is string => type !== undefined);
        const unlisted = [...recorded, ...handled].filter((type) => !listed.has(type));
        expect({ workflow: `${module.caseType} v${version.version}`, unlisted }).toEqual({
          workflow: `${module.caseType} v${version.version}`,
          unlisted: [],
        });
      }
    }
  });
});
