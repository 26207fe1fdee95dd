import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { InvalidPolicyError, loadPolicySet, validatePolicy } from './policy-validation.js';

const policy2021 = JSON.parse(
  readFileSync('workflows/warranty-claim/policies/cn-three-guarantees-2021.json', 'utf8'),
) as Record<string, unknown>;

describe('warranty policy files', () => {
  it('accepts the shipped files', () => {
    expect(validatePolicy(policy2021, '2021.json')).toEqual([]);
  });

  it('names each problem with its JSON path', () => {
    const broken = {
      ...policy2021,
      effectiveFrom: '1 Jan 2022',
      kind: 'law',
      rules: [
        { ruleId: 'X-1', kind: 'window', coverage: 'free_lunch', within: { years: 3, weeks: 2 }, text: 'x' },
        { ruleId: 'X-1', kind: 'teleport', text: 'y' },
        {
          ruleId: 'X-2',
          kind: 'repeat_repairs',
          within: { years: 2 },
          sameProblemRepairsAtLeast: -1,
          text: 'z',
        },
      ],
    };
    expect(
      validatePolicy(broken, 'broken.json').map((problem) => `${problem.path}: ${problem.problem}`),
    ).toEqual([
      "$.kind: must be 'statutory' or 'oem'",
      '$.effectiveFrom: must be a date YYYY-MM-DD',
      expect.stringMatching(/^\$\.rules\[0\]\.coverage: must be one of/),
      '$.rules[0].within.weeks: is not a span unit (days, months, years, km)',
      '$.rules[1].ruleId: duplicates X-1',
      expect.stringMatching(/^\$\.rules\[1\]\.kind: must be one of/),
      '$.rules[2].sameProblemRepairsAtLeast: must be a whole number ≥ 0',
    ]);
  });

  it('refuses a file that is not an object', () => {
    expect(validatePolicy([], 'list.json')).toEqual([
      { file: 'list.json', path: '$', problem: 'must be a JSON object' },
    ]);
  });

  it('refuses two versions of one policy that overlap in time', () => {
    const overlapping = { ...policy2021, version: '2021b', effectiveFrom: '2023-01-01' };
    expect(() =>
      loadPolicySet([
        { file: 'a.json', json: policy2021 },
        { file: 'b.json', json: overlapping },
      ]),
    ).toThrow(InvalidPolicyError);
  });

  it('lists every file’s problems in one error', () => {
    try {
      loadPolicySet([
        { file: 'a.json', json: { id: 'a' } },
        { file: 'b.json', json: 7 },
      ]);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPolicyError);
      const files = new Set((error as InvalidPolicyError).problems.map((problem) => problem.file));
      expect(files).toEqual(new Set(['a.json', 'b.json']));
    }
  });
});
