import { describe, expect, it } from '@jest/globals';
import type { CoverageKind, EligibilityRequest } from './eligibility-request.js';
import { evaluateEligibility } from './evaluate-eligibility.js';
import { shippedPolicies } from '../../../libs/testing/warranty-policies.js';

const policies = shippedPolicies();

type Overrides = {
  at: string;
  mileageKm?: number;
  vehicle?: Partial<EligibilityRequest['vehicle']>;
  fault?: Partial<EligibilityRequest['fault']>;
} & Partial<Omit<EligibilityRequest, 'at' | 'mileageKm' | 'vehicle' | 'fault'>>;

/** A private car invoiced 2023-03-01 (2021 rules) with a base-part fault, changed as each case needs. */
function request(overrides: Overrides): EligibilityRequest {
  return {
    ...overrides,
    at: overrides.at,
    mileageKm: overrides.mileageKm ?? 1000,
    vehicle: {
      vin: 'LSVAU2180N2183294',
      use: 'private',
      invoiceDate: '2023-03-01',
      priceCents: 15_000_000,
      ...overrides.vehicle,
    },
    fault: { system: 'electrical', partClass: 'base', ...overrides.fault },
  };
}

interface Case {
  readonly name: string;
  readonly request: EligibilityRequest;
  readonly has?: readonly CoverageKind[];
  readonly lacks?: readonly CoverageKind[];
  readonly eligible?: boolean;
  readonly version?: string;
  readonly reason?: string;
  readonly flag?: string;
}

const engineMainPart = { system: 'engine', mainPart: true, partClass: 'base' };
const repairs = (count: number, problemKey = 'noise-1', extra: object = {}) =>
  Array.from({ length: count }, (_, index) => ({
    system: 'engine',
    problemKey,
    startedAt: `2023-0${4 + index}-01T08:00:00Z`,
    completedAt: `2023-0${4 + index}-02T08:00:00Z`,
    ...extra,
  }));

const cases: Case[] = [
  // Free repair, 3 years or 60,000 km (SB-REP-01, 2021)
  {
    name: 'free repair: day before the 3-year end',
    request: request({ at: '2026-02-28', mileageKm: 59_999 }),
    has: ['free_repair'],
  },
  {
    name: 'free repair: on the 3-year end, at 60,000 km (inclusive)',
    request: request({ at: '2026-03-01', mileageKm: 60_000 }),
    has: ['free_repair'],
  },
  {
    name: 'free repair: day after the 3-year end',
    request: request({ at: '2026-03-02', mileageKm: 20_000 }),
    lacks: ['free_repair'],
  },
  {
    name: 'free repair: 60,001 km within a year (whichever first)',
    request: request({ at: '2024-01-01', mileageKm: 60_001 }),
    lacks: ['free_repair', 'oem_warranty_repair'],
    eligible: false,
  },
  // OEM warranty by use (seed 001)
  {
    name: 'OEM private: on the 24-month end',
    request: request({ at: '2025-03-01', mileageKm: 30_000 }),
    has: ['oem_warranty_repair'],
  },
  {
    name: 'OEM private: day after 24 months',
    request: request({ at: '2025-03-02', mileageKm: 30_000 }),
    lacks: ['oem_warranty_repair'],
    has: ['free_repair'],
  },
  {
    name: 'OEM taxi: 12 months, 99,999 km; the three guarantees do not cover taxis',
    request: request({ at: '2024-03-01', mileageKm: 99_999, vehicle: { use: 'taxi' } }),
    has: ['oem_warranty_repair'],
    lacks: ['free_repair'],
    flag: 'statutory_out_of_scope',
    reason: 'SB-SCOPE-01',
  },
  {
    name: 'OEM taxi: day after 12 months',
    request: request({ at: '2024-03-02', mileageKm: 50_000, vehicle: { use: 'taxi' } }),
    eligible: false,
  },
  {
    name: 'OEM taxi: 100,001 km at 6 months (whichever first)',
    request: request({ at: '2023-09-01', mileageKm: 100_001, vehicle: { use: 'taxi' } }),
    eligible: false,
  },
  {
    name: 'OEM commercial: inside 12 months / 100,000 km',
    request: request({ at: '2023-12-01', mileageKm: 80_000, vehicle: { use: 'commercial' } }),
    has: ['oem_warranty_repair'],
  },
  {
    name: 'change of use keeps the original (private) period',
    request: request({
      at: '2024-11-01',
      mileageKm: 40_000,
      vehicle: { use: 'taxi', originalUse: 'private' },
    }),
    has: ['oem_warranty_repair', 'free_repair'],
    flag: 'change_of_use_keeps_original_period',
  },
  {
    name: 'OEM start: first registration when given',
    request: request({ at: '2025-03-20', mileageKm: 10_000, vehicle: { registrationDate: '2023-03-25' } }),
    has: ['oem_warranty_repair'],
  },
  // Engine / transmission / battery / motor main part within 60 days or 3,000 km (Art. 20)
  {
    name: 'main part: day 60, 2,999 km',
    request: request({ at: '2023-04-30', mileageKm: 2999, fault: engineMainPart }),
    has: ['assembly_replacement'],
  },
  {
    name: 'main part: day 61',
    request: request({ at: '2023-05-01', mileageKm: 2000, fault: engineMainPart }),
    lacks: ['assembly_replacement'],
    has: ['free_repair'],
  },
  {
    name: 'main part: exactly 3,000 km',
    request: request({ at: '2023-03-20', mileageKm: 3000, fault: engineMainPart }),
    has: ['assembly_replacement'],
  },
  {
    name: 'main part: 3,001 km on day 10',
    request: request({ at: '2023-03-11', mileageKm: 3001, fault: engineMainPart }),
    lacks: ['assembly_replacement'],
  },
  {
    name: '2021: power battery main part (BEV)',
    request: request({
      at: '2023-03-31',
      fault: { system: 'power_battery', mainPart: true },
      vehicle: { powertrain: 'bev' },
    }),
    has: ['assembly_replacement'],
  },
  {
    name: '2013: power battery main part is not covered by the 60-day rule',
    request: request({
      at: '2021-07-01',
      vehicle: { invoiceDate: '2021-06-01', powertrain: 'bev' },
      fault: { system: 'power_battery', mainPart: true },
    }),
    lacks: ['assembly_replacement'],
    version: 'cn-three-guarantees@2013',
  },
  {
    name: '2013: transmission main part within 60 days',
    request: request({
      at: '2021-07-01',
      vehicle: { invoiceDate: '2021-06-01' },
      fault: { system: 'transmission', mainPart: true },
    }),
    has: ['assembly_replacement'],
  },
  // 7-day replacement or return (Art. 22, new in 2021)
  {
    name: '7 days: engine needs replacing on day 7',
    request: request({
      at: '2023-03-08',
      mileageKm: 180,
      fault: { system: 'engine', requiresReplacement: true },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: '7 days: day 8 no longer',
    request: request({
      at: '2023-03-09',
      mileageKm: 200,
      fault: { system: 'engine', requiresReplacement: true },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '7 days: both remedies listed when a main part fails in the first week',
    request: request({
      at: '2023-03-05',
      fault: { system: 'transmission', requiresReplacement: true, mainPart: true },
    }),
    has: ['vehicle_replacement_or_return', 'assembly_replacement', 'free_repair', 'oem_warranty_repair'],
  },
  {
    name: '2013 has no 7-day rule',
    request: request({
      at: '2021-06-05',
      vehicle: { invoiceDate: '2021-06-01' },
      fault: { system: 'engine', requiresReplacement: true },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  // 60-day serious failures (Art. 23)
  {
    name: 'brake failure on day 59 at 2,500 km',
    request: request({
      at: '2023-04-29',
      mileageKm: 2500,
      fault: { system: 'brakes', failure: 'brake_failure' },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: 'brake failure at 3,100 km',
    request: request({
      at: '2023-04-01',
      mileageKm: 3100,
      fault: { system: 'brakes', failure: 'brake_failure' },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '2021: battery fire within 60 days',
    request: request({ at: '2023-04-01', fault: { system: 'power_battery', failure: 'battery_fire' } }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: '2013: battery fire is not in the 60-day list',
    request: request({
      at: '2021-07-01',
      vehicle: { invoiceDate: '2021-06-01' },
      fault: { system: 'power_battery', failure: 'battery_fire' },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  // Start date and version choice
  {
    name: '2021: delivery date overrides the invoice date',
    request: request({ at: '2023-05-09', vehicle: { deliveryDate: '2023-03-10' }, fault: engineMainPart }),
    has: ['assembly_replacement'],
  },
  {
    name: '2013: the invoice date counts, not the delivery',
    request: request({
      at: '2021-05-09',
      vehicle: { invoiceDate: '2021-03-01', deliveryDate: '2021-03-10' },
      fault: engineMainPart,
    }),
    lacks: ['assembly_replacement'],
  },
  {
    name: 'invoiced 2021-12-31: the 2013 rules judge it',
    request: request({ at: '2022-02-01', vehicle: { invoiceDate: '2021-12-31' } }),
    version: 'cn-three-guarantees@2013',
  },
  {
    name: 'invoiced 2022-01-01: the 2021 rules judge it',
    request: request({ at: '2022-02-01', vehicle: { invoiceDate: '2022-01-01' } }),
    version: 'cn-three-guarantees@2021',
  },
  {
    name: 'periods restart with a replacement vehicle',
    request: request({
      at: '2025-07-15',
      mileageKm: 2000,
      vehicle: { periodsRestartedAt: '2025-06-01' },
      fault: engineMainPart,
    }),
    has: ['assembly_replacement'],
  },
  // Repeat and cumulative repairs (Art. 24)
  {
    name: '2021: 5th repair of the same problem',
    request: request({
      at: '2023-09-01',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4) },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: '2021: 4th repair is not enough',
    request: request({
      at: '2023-09-01',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(3) },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '2021: other problems do not count',
    request: request({
      at: '2023-09-01',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4, 'rattle-2') },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '2013: 6th repair of the same problem',
    request: request({
      at: '2021-12-01',
      vehicle: { invoiceDate: '2021-03-01' },
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: {
        repairs: repairs(5).map((r, i) => ({
          ...r,
          startedAt: `2021-0${4 + i}-01T08:00:00Z`,
          completedAt: `2021-0${4 + i}-02T08:00:00Z`,
        })),
      },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: '2013: 5th repair is not enough',
    request: request({
      at: '2021-12-01',
      vehicle: { invoiceDate: '2021-03-01' },
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: {
        repairs: repairs(4).map((r, i) => ({
          ...r,
          startedAt: `2021-0${4 + i}-01T08:00:00Z`,
          completedAt: `2021-0${4 + i}-02T08:00:00Z`,
        })),
      },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '2021: 31 days of cumulative repair',
    request: request({
      at: '2023-09-01',
      history: {
        repairs: [
          { system: 'engine', startedAt: '2023-05-01T08:00:00Z', completedAt: '2023-05-31T09:00:00Z' },
        ],
      },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: '2021: exactly 30 days is not more than 30',
    request: request({
      at: '2023-09-01',
      history: {
        repairs: [
          { system: 'engine', startedAt: '2023-05-01T08:00:00Z', completedAt: '2023-05-31T08:00:00Z' },
        ],
      },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '2021: excluded transport hours do not count',
    request: request({
      at: '2023-09-01',
      history: {
        repairs: [
          {
            system: 'engine',
            startedAt: '2023-05-01T08:00:00Z',
            completedAt: '2023-06-02T08:00:00Z',
            excludedHours: 72,
          },
        ],
      },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: '2013: 35 days is not more than 35',
    request: request({
      at: '2021-09-01',
      vehicle: { invoiceDate: '2021-03-01' },
      history: {
        repairs: [
          { system: 'engine', startedAt: '2021-05-01T08:00:00Z', completedAt: '2021-06-05T08:00:00Z' },
        ],
      },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: 'two serious safety failures repaired and a third',
    request: request({
      at: '2023-09-01',
      fault: { system: 'steering', seriousSafetyFailure: true, problemKey: 'lock-1' },
      history: { repairs: repairs(2, 'lock-1', { system: 'steering', seriousSafetyFailure: true }) },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  {
    name: 'one serious safety failure repaired is not enough',
    request: request({
      at: '2023-09-01',
      fault: { system: 'steering', seriousSafetyFailure: true, problemKey: 'lock-1' },
      history: { repairs: repairs(1, 'lock-1', { system: 'steering', seriousSafetyFailure: true }) },
    }),
    lacks: ['vehicle_replacement_or_return'],
  },
  {
    name: 'engine replaced twice and failing again',
    request: request({
      at: '2023-09-01',
      fault: { system: 'engine' },
      history: { repairs: repairs(2, 'x', { assemblyReplaced: true }) },
    }),
    has: ['vehicle_replacement_or_return'],
  },
  // Backup vehicle (Art. 21)
  {
    name: 'a single repair of 5 days and 1 hour gives a backup vehicle',
    request: request({
      at: '2023-06-10',
      currentRepair: { startedAt: '2023-06-01T08:00:00Z', completedAt: '2023-06-06T09:00:00Z' },
    }),
    has: ['backup_vehicle'],
  },
  {
    name: 'a single repair of exactly 5 days does not',
    request: request({
      at: '2023-06-10',
      currentRepair: { startedAt: '2023-06-01T08:00:00Z', completedAt: '2023-06-06T08:00:00Z' },
    }),
    lacks: ['backup_vehicle'],
  },
  // Exclusions
  {
    name: 'force majeure: nothing, not even a preferential claim',
    request: request({ at: '2023-06-01', exclusions: ['force_majeure'], customer: { sensitive: ['media'] } }),
    eligible: false,
    reason: 'SB-EXC-05',
  },
  {
    name: 'independent workshop: the three guarantees still apply, the OEM warranty does not',
    request: request({ at: '2023-06-01', exclusions: ['non_authorized_repair'] }),
    has: ['free_repair'],
    lacks: ['oem_warranty_repair'],
    reason: 'SB-EXC-06',
  },
  {
    name: 'manual not followed: both refuse',
    request: request({ at: '2023-06-01', exclusions: ['manual_not_followed'] }),
    eligible: false,
  },
  {
    name: 'disclosed defect: the statute excludes it, the OEM warranty does not',
    request: request({ at: '2023-06-01', exclusions: ['disclosed_defect'] }),
    has: ['oem_warranty_repair'],
    lacks: ['free_repair'],
  },
  {
    name: 'overload: the OEM warranty refuses',
    request: request({ at: '2023-06-01', exclusions: ['overload'] }),
    lacks: ['oem_warranty_repair'],
    has: ['free_repair'],
    reason: 'OEM-EXCL-3',
  },
  {
    name: 'accident: the OEM warranty refuses',
    request: request({ at: '2023-06-01', exclusions: ['accident'] }),
    lacks: ['oem_warranty_repair'],
  },
  // Part classes
  {
    name: 'wear part inside its certificate period',
    request: request({
      at: '2023-05-01',
      mileageKm: 4000,
      fault: { system: 'brakes', partClass: 'wear', wearPartPeriod: { months: 3, km: 5000 } },
    }),
    has: ['wear_part'],
    lacks: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'wear part after its period: not free',
    request: request({
      at: '2023-07-01',
      mileageKm: 4000,
      fault: { system: 'brakes', partClass: 'wear', wearPartPeriod: { months: 3, km: 5000 } },
    }),
    eligible: false,
  },
  {
    name: 'wear part beyond its mileage',
    request: request({
      at: '2023-04-01',
      mileageKm: 5001,
      fault: { system: 'brakes', partClass: 'wear', wearPartPeriod: { months: 3, km: 5000 } },
    }),
    eligible: false,
  },
  {
    name: 'consumable: never under warranty',
    request: request({ at: '2023-05-01', fault: { system: 'engine', partClass: 'consumable' } }),
    eligible: false,
    flag: 'part_class_consumable_not_warranted',
  },
  {
    name: 'accident part: never under warranty',
    request: request({ at: '2023-05-01', fault: { system: 'body', partClass: 'accident' } }),
    eligible: false,
  },
  {
    name: 'safety part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'brakes', partClass: 'safety' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'standard part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'body', partClass: 'standard' } }),
    has: ['free_repair'],
  },
  {
    name: 'body panel: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'body', partClass: 'body_panel' } }),
    has: ['free_repair'],
  },
  {
    name: 'maintenance part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'engine', partClass: 'maintenance' } }),
    has: ['free_repair'],
  },
  // Parts bought and installed at an authorized dealer (12 months from installation)
  {
    name: 'part on the 12-month end',
    request: request({
      at: '2027-01-10',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: true }],
    }),
    has: ['part_warranty'],
  },
  {
    name: 'part a day after 12 months',
    request: request({
      at: '2027-01-11',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: true }],
    }),
    lacks: ['part_warranty'],
  },
  {
    name: 'part not bought at an authorized dealer',
    request: request({
      at: '2026-06-01',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: false }],
    }),
    lacks: ['part_warranty'],
  },
  // Preferential claim (seed 003)
  {
    name: 'out of warranty, sensitive customer: a preferential claim candidate',
    request: request({ at: '2028-06-01', mileageKm: 130_000, customer: { sensitive: ['vip'] } }),
    has: ['preferential_claim_candidate'],
    eligible: true,
    reason: 'PREF-01',
  },
  {
    name: 'out of warranty, ordinary customer: nothing',
    request: request({ at: '2028-06-01', mileageKm: 130_000 }),
    eligible: false,
    reason: 'NONE',
  },
];

describe('warranty eligibility (policies as data)', () => {
  it('has at least 40 table cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const decision = evaluateEligibility(policies, testCase.request);
    const kinds = decision.coverage.map((coverage) => coverage.kind);
    for (const kind of testCase.has ?? []) expect(kinds).toContain(kind);
    for (const kind of testCase.lacks ?? []) expect(kinds).not.toContain(kind);
    if (testCase.eligible !== undefined) expect(decision.eligible).toBe(testCase.eligible);
    expect(decision.eligible).toBe(kinds.length > 0);
    if (testCase.version !== undefined) expect(decision.policyVersion).toContain(testCase.version);
    if (testCase.reason !== undefined)
      expect(decision.reasons.map((reason) => reason.ruleId)).toContain(testCase.reason);
    if (testCase.flag !== undefined) expect(decision.flags).toContain(testCase.flag);
  });

  it('computes the usage compensation for a replacement after repeated repairs (2021: at most 0.5 %)', () => {
    const decision = evaluateEligibility(
      policies,
      request({
        at: '2023-09-01',
        mileageKm: 20_000,
        vehicle: { usageCompensationRate: 0.008 },
        fault: { system: 'engine', problemKey: 'noise-1' },
        history: { repairs: repairs(4) },
      }),
    );
    // 150,000.00 yuan × 20,000 km / 1000 × 0.5 % (the 0.8 % on the certificate is capped) = 15,000.00 yuan
    expect(decision.coverage.find((coverage) => coverage.ruleId === 'SB-RET-04b')?.compensationCents).toBe(
      1_500_000,
    );
  });

  it('gives the rule id and the text of every remedy and the dates it runs', () => {
    const decision = evaluateEligibility(policies, request({ at: '2023-03-05', fault: engineMainPart }));
    expect(decision.coverage).toContainEqual({
      kind: 'assembly_replacement',
      ruleId: 'SB-MAJ-01',
      from: '2023-03-01',
      until: '2023-04-30',
    });
    expect(decision.reasons.find((reason) => reason.ruleId === 'SB-MAJ-01')?.text).toContain('Art. 20');
  });
});
