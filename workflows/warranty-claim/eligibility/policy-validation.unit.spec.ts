import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { evaluateEligibility } from './evaluate-eligibility.js';
import { InvalidPolicyError, loadPolicySet, validatePolicy } from './policy-validation.js';

const folder = 'workflows/warranty-claim/policies';
type Json = Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as Json;
const policy2021 = read('cn-three-guarantees-2021.json');
const policy2013 = read('cn-three-guarantees-2013.json');
const oem = read('oem-seed-warranty-v1.json');
const rules2021 = policy2021.rules as Json[];

/** `path: problem` lines of one file, in the order the validator finds them. */
const problems = (json: unknown) =>
  validatePolicy(json, 'x.json').map((problem) => `${problem.path}: ${problem.problem}`);
const withRule = (rule: Json) => ({ ...policy2021, rules: [...rules2021, rule] });

describe('warranty policy files: shape', () => {
  it.each(readdirSync(folder).filter((name) => name.endsWith('.json')))('accepts the shipped %s', (file) => {
    expect(validatePolicy(read(file), file)).toEqual([]);
  });

  it('refuses a file that is not an object', () => {
    expect(validatePolicy([], 'list.json')).toEqual([
      { file: 'list.json', path: '$', problem: 'must be an object' },
    ]);
  });

  it('names every missing field', () => {
    expect(problems({ id: 'p' })).toEqual([
      '$.version: is required',
      '$.title: is required',
      '$.kind: is required',
      '$.effectiveFrom: is required',
      '$.scope: is required',
      '$.start: is required',
      '$.exclusions: is required',
      '$.rules: is required',
    ]);
  });

  it('names each wrong value with its JSON path', () => {
    expect(
      problems({
        ...policy2021,
        kind: 'law',
        effectiveFrom: '1 Jan 2022',
        effectiveUntil: '2022-02-30',
        scope: { ruleId: 'S', uses: ['boat'], text: 's' },
        rules: [
          {
            ruleId: 'X-1',
            kind: 'window',
            coverage: 'free_lunch',
            within: { years: 3, weeks: 2 },
            text: 'x',
          },
          { ruleId: 'X-2', kind: 'teleport', text: 'y' },
          {
            ruleId: 'X-3',
            kind: 'repair_history',
            coverage: 'vehicle_replacement_or_return',
            measure: 'same_problem_repairs',
            within: {},
            atLeast: -1,
            text: 'z',
          },
        ],
      }),
    ).toEqual([
      '$.kind: must be one of statutory, oem',
      '$.effectiveFrom: must be a date YYYY-MM-DD',
      '$.scope.uses[0]: must be one of private, taxi, commercial',
      expect.stringMatching(/^\$\.rules\[0\]\.coverage: must be one of vehicle_replacement_or_return, /),
      '$.rules[0].within.weeks: is not a known field',
      expect.stringMatching(/^\$\.rules\[1\]\.kind: must be one of window, wear_part, /),
      '$.rules[2].within: needs at least one of days, months, years, km',
      '$.rules[2].atLeast: must be a whole number ≥ 1',
      '$.effectiveUntil: must be a date YYYY-MM-DD',
    ]);
  });

  it('reports a misspelt field instead of silently dropping the rule’s limit', () => {
    expect(
      problems(
        withRule({
          ruleId: 'X-1',
          kind: 'window',
          coverage: 'free_repair',
          withn: { years: 4 },
          within: { years: 4 },
          text: 'x',
        }),
      ),
    ).toEqual([`$.rules[${rules2021.length}].withn: is not a known field`]);
  });

  it('checks the vocabulary of fault conditions and exclusions', () => {
    expect(
      problems({
        ...withRule({
          ruleId: 'X-1',
          kind: 'window',
          coverage: 'free_repair',
          within: { days: 1 },
          when: { systems: ['wings'], failures: [], partClasses: ['gold'] },
          text: 'x',
        }),
        exclusions: [{ ruleId: 'E-1', codes: ['bad_luck'], text: 'e' }],
      }),
    ).toEqual([
      '$.exclusions[0].codes[0]: must be one of disclosed_defect, manual_not_followed, forbidden_modification, improper_handling, force_majeure, non_authorized_repair, accident, overload',
      `$.rules[${rules2021.length}].when.systems[0]: must be one of engine, transmission, power_battery, drive_motor, steering, brakes, suspension, driveline, emission_control, body, fuel_system, electrical, air_conditioning, other`,
      `$.rules[${rules2021.length}].when.failures: must not be empty`,
      `$.rules[${rules2021.length}].when.partClasses[0]: must be one of consumable, wear, maintenance, base, accident, standard, body_panel, safety`,
    ]);
  });

  it('wants exactly one span on a window and one threshold on a repair-history rule', () => {
    const index = rules2021.length;
    expect(problems(withRule({ ruleId: 'X-1', kind: 'window', coverage: 'free_repair', text: 'x' }))).toEqual(
      [`$.rules[${index}].within: give exactly one of within and withinByUse`],
    );
    expect(
      problems(
        withRule({
          ruleId: 'X-1',
          kind: 'repair_history',
          coverage: 'vehicle_replacement_or_return',
          within: { years: 2 },
          measure: 'repair_days',
          atLeast: 2,
          moreThan: 30,
          text: 'x',
        }),
      ),
    ).toEqual([`$.rules[${index}].atLeast: give exactly one of atLeast and moreThan`]);
  });

  it('needs a span for every use when a window depends on the use', () => {
    expect(
      problems(
        withRule({
          ruleId: 'X-1',
          kind: 'window',
          coverage: 'oem_warranty_repair',
          withinByUse: { private: { months: 24 }, taxi: { months: 12 } },
          text: 'x',
        }),
      ),
    ).toEqual([`$.rules[${rules2021.length}].withinByUse.commercial: is required`]);
  });

  it('refuses kilometres counted from an installation', () => {
    expect(
      problems(
        withRule({ ruleId: 'X-1', kind: 'part_warranty', within: { months: 12, km: 20000 }, text: 'x' }),
      ),
    ).toEqual([`$.rules[${rules2021.length}].within.km: is not a known field`]);
  });
});

describe('warranty policy files: consistency', () => {
  it('refuses a rule id used twice, naming the first', () => {
    expect(problems(withRule({ ...rules2021[0], text: 'again' }))).toEqual([
      `$.rules[${rules2021.length}].ruleId: duplicates SB-RET-7D (first at $.rules[0])`,
    ]);
  });

  it('refuses a cause that is both an exclusion and not a ground', () => {
    expect(
      problems({
        ...policy2021,
        notGrounds: [{ ruleId: 'SB-EXC-06', codes: ['force_majeure'], text: 'n' }],
      }),
    ).toEqual(['$.notGrounds[0].codes[0]: force_majeure is already named at $.exclusions[4].codes[0]']);
  });

  it('checks dates and rates against each other', () => {
    expect(
      problems({
        ...policy2021,
        effectiveUntil: '2021-12-31',
        usageCompensation: {
          ruleId: 'SB-COMP-01',
          defaultRate: 0.009,
          minRate: 0,
          maxRate: 0.005,
          text: 'c',
        },
      }),
    ).toEqual([
      '$.effectiveUntil: must be after effectiveFrom (2022-01-01)',
      '$.usageCompensation: needs minRate ≤ defaultRate ≤ maxRate',
    ]);
  });

  it('refuses a transition clause on a version that never ends', () => {
    const { effectiveUntil: _ignored, ...open } = policy2013;
    expect(problems(open)).toEqual(['$.stillAppliesTo: is a transition clause: it needs effectiveUntil']);
  });

  it('refuses usage compensation on a rule of a policy without rates', () => {
    const { usageCompensation: _ignored, ...withoutRates } = policy2021;
    expect(problems(withoutRates)).toEqual([
      '$.rules[3].usageCompensation: needs the policy’s usageCompensation rates',
      '$.rules[4].usageCompensation: needs the policy’s usageCompensation rates',
      '$.rules[5].usageCompensation: needs the policy’s usageCompensation rates',
      '$.rules[6].usageCompensation: needs the policy’s usageCompensation rates',
      '$.rules[7].usageCompensation: needs the policy’s usageCompensation rates',
    ]);
  });
});

describe('loading the policy set', () => {
  it('lists every file’s problems in one error', () => {
    let caught: unknown;
    try {
      loadPolicySet([
        { file: 'a.json', json: { ...oem, kind: 'club' } },
        { file: 'b.json', json: 7 },
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidPolicyError);
    expect((caught as InvalidPolicyError).problems).toEqual([
      { file: 'a.json', path: '$.kind', problem: 'must be one of statutory, oem' },
      { file: 'b.json', path: '$', problem: 'must be an object' },
    ]);
    expect((caught as Error).message).toContain('a.json $.kind: must be one of statutory, oem');
  });

  it('refuses two versions of one policy in force at the same time, naming both files', () => {
    const overlapping = { ...policy2021, version: '2021b', effectiveFrom: '2023-01-01' };
    expect(() =>
      loadPolicySet([
        { file: '2021.json', json: policy2021 },
        { file: '2021b.json', json: overlapping },
      ]),
    ).toThrow(
      new InvalidPolicyError([
        {
          file: '2021.json',
          path: '$.effectiveFrom',
          problem: 'cn-three-guarantees versions 2021 and 2021b (2021b.json) are in force at the same time',
        },
      ]),
    );
  });

  it('takes a new version as a new data file, with no code change', () => {
    // A hypothetical 2030 revision: free repair for 4 years / 80,000 km; the 2021 rules close and keep
    // judging the cars sold under them.
    const revision2030 = {
      ...policy2021,
      version: '2030',
      effectiveFrom: '2030-01-01',
      rules: rules2021.map((rule) =>
        rule.ruleId === 'SB-REP-01' ? { ...rule, within: { years: 4, km: 80_000 } } : rule,
      ),
    };
    const closed2021 = {
      ...policy2021,
      effectiveUntil: '2030-01-01',
      stillAppliesTo: { ruleId: 'SB-SCOPE-03', periodsStartedBefore: '2030-01-01', text: 'sold before 2030' },
    };
    const set = loadPolicySet([
      { file: '2013.json', json: policy2013 },
      { file: '2021.json', json: closed2021 },
      { file: '2030.json', json: revision2030 },
      { file: 'oem.json', json: oem },
    ]);
    const ask = (invoiceDate: string, at: string) =>
      evaluateEligibility(set, {
        at,
        mileageKm: 70_000,
        vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate },
        fault: { system: 'electrical', partClass: 'base' },
      });
    expect(ask('2030-03-01', '2033-03-01')).toMatchObject({
      policyVersion: 'cn-three-guarantees@2030+oem-seed-warranty@1',
      eligible: true,
    });
    expect(ask('2029-03-01', '2032-03-01')).toMatchObject({
      policyVersion: 'cn-three-guarantees@2021+oem-seed-warranty@1',
      eligible: false,
    });
    expect(ask('2021-03-01', '2030-02-01').policyVersion).toBe(
      'cn-three-guarantees@2013+oem-seed-warranty@1',
    );
  });
});
