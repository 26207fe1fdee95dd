import { describe, expect, it } from '@jest/globals';
import type { Coverage, CoverageKind, EligibilityRequest } from './eligibility-request.js';
import { evaluateEligibility } from './evaluate-eligibility.js';
import { shippedPolicies } from '../shipped-policies.tool.js';

const policies = shippedPolicies();

type Overrides = {
  at: string;
  mileageKm?: number;
  vehicle?: Partial<EligibilityRequest['vehicle']>;
  fault?: Partial<EligibilityRequest['fault']>;
} & Partial<Omit<EligibilityRequest, 'at' | 'mileageKm' | 'vehicle' | 'fault'>>;

/** A private car invoiced 2023-03-01 (2021 rules), price 150,000 yuan, with a base-part electrical fault. */
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

/** The same car under the 2013 rules: invoiced 2021-03-01. */
const sold2021 = { invoiceDate: '2021-03-01' };

interface Case {
  readonly name: string;
  readonly request: EligibilityRequest;
  /** Coverage kinds that must / must not be offered. */
  readonly has?: readonly CoverageKind[];
  readonly lacks?: readonly CoverageKind[];
  /** Rule ids that must / must not grant coverage. */
  readonly grants?: readonly string[];
  readonly withholds?: readonly string[];
  /** One coverage entry, matched as a subset. */
  readonly covers?: Partial<Coverage>;
  readonly eligible?: boolean;
  /** The exact `policyVersion`. */
  readonly version?: string;
  readonly reason?: string;
  readonly flag?: string;
}

const engineMainPart = { system: 'engine', mainPart: true, partClass: 'base' };
const wearPads = { system: 'brakes', partClass: 'wear', wearPartPeriod: { months: 3, km: 5000 } };
/** `count` one-day repairs, one a month from April of `year`. */
const repairs = (count: number, extra: object = {}, year = 2023) =>
  Array.from({ length: count }, (_, index) => ({
    system: 'engine',
    problemKey: 'noise-1',
    startedAt: `${year}-${String(4 + index).padStart(2, '0')}-01T08:00:00Z`,
    completedAt: `${year}-${String(4 + index).padStart(2, '0')}-02T08:00:00Z`,
    ...extra,
  }));
const repairOf = (startedAt: string, completedAt: string, extra: object = {}) => ({
  system: 'engine',
  startedAt,
  completedAt,
  ...extra,
});

const cases: Case[] = [
  // ── SB-REP-01 free repair: 3 years or 60,000 km, whichever first (2021 Art. 18, 19) ──
  {
    name: 'free repair: the day before the 3-year end, 59,999 km',
    request: request({ at: '2026-02-28', mileageKm: 59_999 }),
    grants: ['SB-REP-01'],
  },
  {
    name: 'free repair: on the 3-year end, exactly 60,000 km (limits inclusive)',
    request: request({ at: '2026-03-01', mileageKm: 60_000 }),
    covers: { kind: 'free_repair', ruleId: 'SB-REP-01', from: '2023-03-01', until: '2026-03-01' },
  },
  {
    name: 'free repair: the day after the 3-year end',
    request: request({ at: '2026-03-02', mileageKm: 20_000 }),
    lacks: ['free_repair'],
    reason: 'SB-REP-01',
  },
  {
    name: 'whichever first: 60,001 km in the first year ends free repair and the private OEM warranty',
    request: request({ at: '2024-01-01', mileageKm: 60_001 }),
    lacks: ['free_repair', 'oem_warranty_repair'],
    eligible: false,
  },
  // ── OEM-PER by use when sold (seed 001) ──
  {
    name: 'OEM private: the day before 24 months',
    request: request({ at: '2025-02-28', mileageKm: 30_000 }),
    grants: ['OEM-PER'],
  },
  {
    name: 'OEM private: on the 24-month end',
    request: request({ at: '2025-03-01', mileageKm: 30_000 }),
    covers: { kind: 'oem_warranty_repair', ruleId: 'OEM-PER', until: '2025-03-01' },
  },
  {
    name: 'OEM private: the day after 24 months; the statutory 3 years still run',
    request: request({ at: '2025-03-02', mileageKm: 30_000 }),
    lacks: ['oem_warranty_repair'],
    has: ['free_repair'],
  },
  {
    name: 'OEM taxi: inside 12 months at 99,999 km; the three guarantees do not cover taxis',
    request: request({ at: '2024-02-29', mileageKm: 99_999, vehicle: { use: 'taxi' } }),
    has: ['oem_warranty_repair'],
    lacks: ['free_repair'],
    flag: 'statutory_out_of_scope',
    reason: 'SB-SCOPE-01',
  },
  {
    name: 'OEM taxi: on the 12-month end at exactly 100,000 km',
    request: request({ at: '2024-03-01', mileageKm: 100_000, vehicle: { use: 'taxi' } }),
    has: ['oem_warranty_repair'],
  },
  {
    name: 'OEM taxi: the day after 12 months',
    request: request({ at: '2024-03-02', mileageKm: 50_000, vehicle: { use: 'taxi' } }),
    eligible: false,
    reason: 'OEM-PER',
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
    lacks: ['free_repair'],
  },
  {
    name: 'change of use private → taxi keeps the private 24 months, flagged for review',
    request: request({
      at: '2024-11-01',
      mileageKm: 40_000,
      vehicle: { use: 'taxi', originalUse: 'private' },
    }),
    has: ['oem_warranty_repair', 'free_repair'],
    flag: 'change_of_use_keeps_original_period',
  },
  {
    name: 'change of use taxi → private keeps the taxi 12 months and stays outside the three guarantees',
    request: request({
      at: '2024-06-01',
      mileageKm: 40_000,
      vehicle: { use: 'private', originalUse: 'taxi' },
    }),
    eligible: false,
    flag: 'change_of_use_review',
  },
  {
    name: 'OEM start: the first registration when given (OEM-START)',
    request: request({ at: '2025-03-20', mileageKm: 10_000, vehicle: { registrationDate: '2023-03-25' } }),
    covers: { kind: 'oem_warranty_repair', from: '2023-03-25', until: '2025-03-25' },
  },
  {
    name: 'OEM start: the invoice date without a registration',
    request: request({ at: '2025-03-20', mileageKm: 10_000 }),
    lacks: ['oem_warranty_repair'],
  },
  // ── SB-MAJ-01 main part of engine / transmission / battery / motor: 60 days or 3,000 km (2021 Art. 20) ──
  {
    name: 'main part: day 59 at 2,999 km',
    request: request({ at: '2023-04-29', mileageKm: 2999, fault: engineMainPart }),
    grants: ['SB-MAJ-01'],
  },
  {
    name: 'main part: day 60 at exactly 3,000 km',
    request: request({ at: '2023-04-30', mileageKm: 3000, fault: engineMainPart }),
    covers: { kind: 'assembly_replacement', ruleId: 'SB-MAJ-01', from: '2023-03-01', until: '2023-04-30' },
  },
  {
    name: 'main part: day 61',
    request: request({ at: '2023-05-01', mileageKm: 2000, fault: engineMainPart }),
    lacks: ['assembly_replacement'],
    has: ['free_repair'],
    reason: 'SB-MAJ-01',
  },
  {
    name: 'main part: 3,001 km on day 10',
    request: request({ at: '2023-03-11', mileageKm: 3001, fault: engineMainPart }),
    lacks: ['assembly_replacement'],
  },
  {
    name: 'main part: not a main part of the engine',
    request: request({ at: '2023-03-11', fault: { system: 'engine', mainPart: false } }),
    lacks: ['assembly_replacement'],
  },
  {
    name: '2021: power battery main part of a BEV',
    request: request({
      at: '2023-03-31',
      vehicle: { powertrain: 'bev' },
      fault: { system: 'power_battery', mainPart: true },
    }),
    grants: ['SB-MAJ-01'],
  },
  {
    name: '2021: drive motor main part',
    request: request({ at: '2023-03-31', fault: { system: 'drive_motor', mainPart: true } }),
    grants: ['SB-MAJ-01'],
  },
  {
    name: '2013: a power battery main part is not in the 60-day rule',
    request: request({
      at: '2021-04-01',
      vehicle: { ...sold2021, powertrain: 'bev' },
      fault: { system: 'power_battery', mainPart: true },
    }),
    withholds: ['SB-MAJ-01'],
    version: 'cn-three-guarantees@2013+oem-seed-warranty@1',
  },
  {
    name: '2013: a transmission main part within 60 days (seed 000 quote of Art. 18)',
    request: request({
      at: '2021-04-01',
      vehicle: sold2021,
      fault: { system: 'transmission', mainPart: true },
    }),
    grants: ['SB-MAJ-01'],
  },
  // ── SB-RET-7D: 7 days, no mileage limit (2021 Art. 22, new in 2021) ──
  {
    name: '7 days: the engine needs replacing on day 7',
    request: request({
      at: '2023-03-08',
      mileageKm: 180,
      fault: { system: 'engine', requiresReplacement: true },
    }),
    covers: { kind: 'vehicle_replacement_or_return', ruleId: 'SB-RET-7D', until: '2023-03-08' },
  },
  {
    name: '7 days: day 8 no longer',
    request: request({
      at: '2023-03-09',
      mileageKm: 200,
      fault: { system: 'engine', requiresReplacement: true },
    }),
    withholds: ['SB-RET-7D'],
    reason: 'SB-RET-7D',
  },
  {
    name: '7 days: no mileage limit (5,000 km on day 6)',
    request: request({
      at: '2023-03-07',
      mileageKm: 5000,
      fault: { system: 'drive_motor', requiresReplacement: true, mainPart: true },
    }),
    grants: ['SB-RET-7D'],
    withholds: ['SB-MAJ-01'],
  },
  {
    name: '7 days: every remedy listed when a main part fails in the first week (the customer chooses)',
    request: request({
      at: '2023-03-05',
      fault: { system: 'transmission', requiresReplacement: true, mainPart: true },
    }),
    grants: ['SB-RET-7D', 'SB-MAJ-01', 'SB-REP-01', 'OEM-PER'],
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
  // ── SB-RET-60D serious failures: 60 days or 3,000 km (2021 Art. 23, 2013 Art. 20) ──
  {
    name: 'brake failure on day 60 at 2,500 km',
    request: request({
      at: '2023-04-30',
      mileageKm: 2500,
      fault: { system: 'brakes', failure: 'brake_failure' },
    }),
    grants: ['SB-RET-60D'],
  },
  {
    name: 'brake failure on day 61',
    request: request({
      at: '2023-05-01',
      mileageKm: 2500,
      fault: { system: 'brakes', failure: 'brake_failure' },
    }),
    withholds: ['SB-RET-60D'],
  },
  {
    name: 'brake failure at 3,001 km',
    request: request({
      at: '2023-04-01',
      mileageKm: 3001,
      fault: { system: 'brakes', failure: 'brake_failure' },
    }),
    withholds: ['SB-RET-60D'],
  },
  {
    name: '2021: a power-battery fire within 60 days',
    request: request({ at: '2023-04-01', fault: { system: 'power_battery', failure: 'battery_fire' } }),
    grants: ['SB-RET-60D'],
  },
  {
    name: '2013: a power-battery fire is not in the 60-day list',
    request: request({
      at: '2021-04-01',
      vehicle: sold2021,
      fault: { system: 'power_battery', failure: 'battery_fire' },
    }),
    withholds: ['SB-RET-60D'],
  },
  {
    name: '2013: a fuel leak within 60 days',
    request: request({
      at: '2021-04-01',
      vehicle: sold2021,
      fault: { system: 'fuel_system', failure: 'fuel_leak' },
    }),
    grants: ['SB-RET-60D'],
  },
  // ── Period start and which version judges (SB-START-01, SB-SCOPE-03, SB-RESET-01) ──
  {
    name: '2021: the delivery date overrides the invoice date (day 60 from delivery)',
    request: request({ at: '2023-05-09', vehicle: { deliveryDate: '2023-03-10' }, fault: engineMainPart }),
    covers: { ruleId: 'SB-MAJ-01', from: '2023-03-10', until: '2023-05-09' },
  },
  {
    name: '2013: the invoice date counts, not the delivery',
    request: request({
      at: '2021-05-09',
      vehicle: { invoiceDate: '2021-03-01', deliveryDate: '2021-03-10' },
      fault: engineMainPart,
    }),
    withholds: ['SB-MAJ-01'],
  },
  {
    name: 'a request in 2021 is judged by the 2013 rules in force',
    request: request({ at: '2021-06-01', vehicle: sold2021 }),
    version: 'cn-three-guarantees@2013+oem-seed-warranty@1',
  },
  {
    name: 'invoiced 2021-12-31, asked in 2022: the 2013 rules still judge it (transition clause)',
    request: request({ at: '2022-02-01', vehicle: { invoiceDate: '2021-12-31' } }),
    version: 'cn-three-guarantees@2013+oem-seed-warranty@1',
    reason: 'SB-SCOPE-03',
  },
  {
    name: 'invoiced 2021-12-31, delivered 2022-01-05: the 2013 rules count from the invoice',
    request: request({
      at: '2022-02-01',
      vehicle: { invoiceDate: '2021-12-31', deliveryDate: '2022-01-05' },
    }),
    version: 'cn-three-guarantees@2013+oem-seed-warranty@1',
  },
  {
    name: 'invoiced 2022-01-01: the 2021 rules judge it',
    request: request({ at: '2022-02-01', vehicle: { invoiceDate: '2022-01-01' } }),
    version: 'cn-three-guarantees@2021+oem-seed-warranty@1',
  },
  {
    name: 'before 2013-10-01 no three-guarantees version is in force: only the OEM warranty',
    request: request({ at: '2013-05-01', vehicle: { invoiceDate: '2013-01-01' } }),
    version: 'oem-seed-warranty@1',
    grants: ['OEM-PER'],
  },
  {
    name: 'a replacement vehicle starts new three-guarantees periods',
    request: request({
      at: '2025-07-15',
      mileageKm: 2000,
      vehicle: { periodsRestartedAt: '2025-06-01' },
      fault: engineMainPart,
    }),
    covers: { ruleId: 'SB-MAJ-01', from: '2025-06-01' },
  },
  {
    name: 'a replacement vehicle does not restart the OEM warranty',
    request: request({ at: '2025-07-15', mileageKm: 2000, vehicle: { periodsRestartedAt: '2025-06-01' } }),
    covers: { ruleId: 'SB-REP-01', from: '2025-06-01' },
    withholds: ['OEM-PER'],
  },
  // ── SB-RET-04b same problem repaired more than 4 (2021) / 5 (2013) times, this repair counting ──
  {
    name: '2021: the 5th repair of the same problem',
    request: request({
      at: '2023-09-01',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4) },
    }),
    covers: { kind: 'vehicle_replacement_or_return', ruleId: 'SB-RET-04b', until: '2025-03-01' },
  },
  {
    name: '2021: the 4th repair is not enough',
    request: request({
      at: '2023-09-01',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(3) },
    }),
    withholds: ['SB-RET-04b'],
  },
  {
    name: '2021: repairs of other problems do not count',
    request: request({
      at: '2023-09-01',
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4, { problemKey: 'rattle-2' }) },
    }),
    withholds: ['SB-RET-04b'],
  },
  {
    name: '2021: the 5th repair the day after the 2-year replacement period',
    request: request({
      at: '2025-03-02',
      mileageKm: 20_000,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4) },
    }),
    withholds: ['SB-RET-04b'],
    has: ['free_repair'],
    reason: 'SB-RET-04b',
  },
  {
    name: '2021: the 5th repair at 50,001 km',
    request: request({
      at: '2023-09-01',
      mileageKm: 50_001,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4) },
    }),
    withholds: ['SB-RET-04b'],
  },
  {
    name: '2013: the 6th repair of the same problem',
    request: request({
      at: '2021-12-01',
      vehicle: sold2021,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(5, {}, 2021) },
    }),
    grants: ['SB-RET-04b'],
  },
  {
    name: '2013: the 5th repair is not enough',
    request: request({
      at: '2021-12-01',
      vehicle: sold2021,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4, {}, 2021) },
    }),
    withholds: ['SB-RET-04b'],
  },
  // ── SB-RET-04a cumulative repair time over 30 (2021) / 35 (2013) days; each started 24 h is a day ──
  {
    name: '2021: 31 repair days (30 days and 1 hour)',
    request: request({
      at: '2023-09-01',
      history: { repairs: [repairOf('2023-05-01T08:00:00Z', '2023-05-31T09:00:00Z')] },
    }),
    grants: ['SB-RET-04a'],
  },
  {
    name: '2021: exactly 30 days is not more than 30',
    request: request({
      at: '2023-09-01',
      history: { repairs: [repairOf('2023-05-01T08:00:00Z', '2023-05-31T08:00:00Z')] },
    }),
    withholds: ['SB-RET-04a'],
  },
  {
    name: '2021: the current repair adds to the earlier ones (28 + 3 days)',
    request: request({
      at: '2023-09-05',
      history: { repairs: [repairOf('2023-05-01T08:00:00Z', '2023-05-29T08:00:00Z')] },
      currentRepair: { startedAt: '2023-09-01T08:00:00Z', completedAt: '2023-09-04T08:00:00Z' },
    }),
    grants: ['SB-RET-04a'],
  },
  {
    name: '2021: excluded transport hours do not count (32 days less 72 hours)',
    request: request({
      at: '2023-09-01',
      history: { repairs: [repairOf('2023-05-01T08:00:00Z', '2023-06-02T08:00:00Z', { excludedHours: 72 })] },
    }),
    withholds: ['SB-RET-04a'],
  },
  {
    name: '2013: 35 days is not more than 35',
    request: request({
      at: '2021-09-01',
      vehicle: sold2021,
      history: { repairs: [repairOf('2021-05-01T08:00:00Z', '2021-06-05T08:00:00Z')] },
    }),
    withholds: ['SB-RET-04a'],
  },
  {
    name: '2013: 36 days is',
    request: request({
      at: '2021-09-01',
      vehicle: sold2021,
      history: { repairs: [repairOf('2021-05-01T08:00:00Z', '2021-06-06T08:00:00Z')] },
    }),
    grants: ['SB-RET-04a'],
  },
  // ── SB-RET-01 serious safety failure after 2 repairs, persisting or new (Art. 24(一)) ──
  {
    name: 'two serious safety failures repaired and the failure is back',
    request: request({
      at: '2023-09-01',
      fault: { system: 'steering', seriousSafetyFailure: true, problemKey: 'lock-1' },
      history: {
        repairs: repairs(2, { system: 'steering', problemKey: 'lock-1', seriousSafetyFailure: true }),
      },
    }),
    grants: ['SB-RET-01'],
  },
  {
    name: 'two serious safety failures repaired and a new one appears',
    request: request({
      at: '2023-09-01',
      fault: { system: 'brakes', seriousSafetyFailure: true, problemKey: 'brake-2' },
      history: {
        repairs: repairs(2, { system: 'steering', problemKey: 'lock-1', seriousSafetyFailure: true }),
      },
    }),
    grants: ['SB-RET-01'],
  },
  {
    name: 'one serious safety failure repaired is not enough',
    request: request({
      at: '2023-09-01',
      fault: { system: 'steering', seriousSafetyFailure: true, problemKey: 'lock-1' },
      history: {
        repairs: repairs(1, { system: 'steering', problemKey: 'lock-1', seriousSafetyFailure: true }),
      },
    }),
    withholds: ['SB-RET-01'],
  },
  // ── SB-RET-02 assembly replaced twice; SB-RET-03 the same main part replaced twice (Art. 24(二)(三)) ──
  {
    name: 'the engine replaced twice and failing again',
    request: request({
      at: '2023-09-01',
      fault: { system: 'engine' },
      history: { repairs: repairs(2, { assemblyReplaced: true }) },
    }),
    grants: ['SB-RET-02'],
  },
  {
    name: 'the engine replaced once',
    request: request({
      at: '2023-09-01',
      fault: { system: 'engine' },
      history: { repairs: repairs(1, { assemblyReplaced: true }) },
    }),
    withholds: ['SB-RET-02'],
  },
  {
    name: '2021: a power battery replaced twice',
    request: request({
      at: '2023-09-01',
      fault: { system: 'power_battery' },
      history: { repairs: repairs(2, { system: 'power_battery', assemblyReplaced: true }) },
    }),
    grants: ['SB-RET-02'],
  },
  {
    name: '2013: a power battery replaced twice is not in the list',
    request: request({
      at: '2021-12-01',
      vehicle: sold2021,
      fault: { system: 'power_battery' },
      history: { repairs: repairs(2, { system: 'power_battery', assemblyReplaced: true }, 2021) },
    }),
    withholds: ['SB-RET-02'],
  },
  {
    name: 'the same main part (crankshaft) replaced twice and a main-part fault again',
    request: request({
      at: '2023-09-01',
      fault: engineMainPart,
      history: { repairs: repairs(2, { mainPartReplaced: 'crankshaft' }) },
    }),
    grants: ['SB-RET-03'],
    withholds: ['SB-RET-02'],
  },
  {
    name: 'two different main parts replaced once each',
    request: request({
      at: '2023-09-01',
      fault: engineMainPart,
      history: {
        repairs: [
          ...repairs(1, { mainPartReplaced: 'crankshaft' }),
          repairOf('2023-06-01T08:00:00Z', '2023-06-02T08:00:00Z', { mainPartReplaced: 'camshaft' }),
        ],
      },
    }),
    withholds: ['SB-RET-03'],
  },
  {
    name: '2021: an emission-control main part replaced twice',
    request: request({
      at: '2023-09-01',
      fault: { system: 'emission_control', mainPart: true },
      history: {
        repairs: repairs(2, { system: 'emission_control', mainPartReplaced: 'catalytic converter' }),
      },
    }),
    grants: ['SB-RET-03'],
  },
  {
    name: '2013: emission control is not in the main-part list',
    request: request({
      at: '2021-12-01',
      vehicle: sold2021,
      fault: { system: 'emission_control', mainPart: true },
      history: {
        repairs: repairs(2, { system: 'emission_control', mainPartReplaced: 'catalytic converter' }, 2021),
      },
    }),
    withholds: ['SB-RET-03'],
  },
  // ── SB-BACKUP-01 one repair over 5 days: backup vehicle from day 6 (Art. 21) ──
  {
    name: 'a single repair of 5 days and 1 hour',
    request: request({
      at: '2023-06-10',
      currentRepair: { startedAt: '2023-06-01T08:00:00Z', completedAt: '2023-06-06T09:00:00Z' },
    }),
    covers: { kind: 'backup_vehicle', ruleId: 'SB-BACKUP-01', from: '2023-06-06' },
  },
  {
    name: 'a single repair of exactly 5 days',
    request: request({
      at: '2023-06-10',
      currentRepair: { startedAt: '2023-06-01T08:00:00Z', completedAt: '2023-06-06T08:00:00Z' },
    }),
    lacks: ['backup_vehicle'],
  },
  {
    name: 'waiting for parts counts in a single repair (excluded hours are for the cumulative time only)',
    request: request({
      at: '2023-06-10',
      currentRepair: {
        startedAt: '2023-06-01T08:00:00Z',
        completedAt: '2023-06-06T09:00:00Z',
        excludedHours: 48,
      },
    }),
    has: ['backup_vehicle'],
  },
  {
    name: 'a repair still under way is counted up to the request day',
    request: request({ at: '2023-06-07', currentRepair: { startedAt: '2023-06-01T08:00:00Z' } }),
    has: ['backup_vehicle'],
  },
  {
    name: 'no backup vehicle for a taxi (outside the three guarantees)',
    request: request({
      at: '2023-06-10',
      vehicle: { use: 'taxi' },
      currentRepair: { startedAt: '2023-06-01T08:00:00Z', completedAt: '2023-06-08T08:00:00Z' },
    }),
    lacks: ['backup_vehicle'],
    has: ['oem_warranty_repair'],
  },
  // ── Exclusions, each (SB-EXC-*, SB-DEF-QP, OEM-EXCL-*) ──
  {
    name: 'force majeure: nothing, not even a preferential claim',
    request: request({ at: '2023-06-01', exclusions: ['force_majeure'], customer: { sensitive: ['media'] } }),
    eligible: false,
    reason: 'SB-EXC-05',
    flag: 'statutory_excluded',
  },
  {
    name: 'independent workshop: the three guarantees still apply, the OEM warranty does not',
    request: request({ at: '2023-06-01', exclusions: ['non_authorized_repair'] }),
    grants: ['SB-REP-01'],
    withholds: ['OEM-PER'],
    reason: 'SB-EXC-06',
    flag: 'oem_excluded',
  },
  {
    name: '2013: an independent workshop is no statutory exclusion either',
    request: request({ at: '2021-06-01', vehicle: sold2021, exclusions: ['non_authorized_repair'] }),
    grants: ['SB-REP-01'],
    reason: 'OEM-EXCL-1',
  },
  {
    name: 'manual not followed: both refuse',
    request: request({ at: '2023-06-01', exclusions: ['manual_not_followed'] }),
    eligible: false,
    reason: 'OEM-EXCL-7',
  },
  {
    name: 'overload: the OEM warranty and the statute (not used per the manual) refuse',
    request: request({ at: '2023-06-01', exclusions: ['overload'] }),
    eligible: false,
    reason: 'SB-EXC-02',
  },
  {
    name: 'disclosed defect: the statute excludes it, the OEM warranty does not',
    request: request({ at: '2023-06-01', exclusions: ['disclosed_defect'] }),
    grants: ['OEM-PER'],
    withholds: ['SB-REP-01'],
    reason: 'SB-EXC-01',
  },
  {
    name: 'forbidden modification: both refuse',
    request: request({ at: '2023-06-01', exclusions: ['forbidden_modification'] }),
    eligible: false,
    reason: 'SB-EXC-03',
  },
  {
    name: 'improper handling: both refuse',
    request: request({ at: '2023-06-01', exclusions: ['improper_handling'] }),
    eligible: false,
    reason: 'OEM-EXCL-4',
  },
  {
    name: 'traffic accident: not a quality problem, both refuse',
    request: request({ at: '2023-06-01', exclusions: ['accident'] }),
    eligible: false,
    reason: 'SB-DEF-QP',
  },
  // ── Part classes (seed 000) ──
  {
    name: 'wear part inside its certificate period: its own period, not the vehicle’s',
    request: request({ at: '2023-05-01', mileageKm: 4000, fault: wearPads }),
    grants: ['SB-REP-02', 'OEM-WEAR'],
    lacks: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'wear part on the last day of its 3 months',
    request: request({ at: '2023-06-01', mileageKm: 4000, fault: wearPads }),
    covers: { kind: 'wear_part', ruleId: 'SB-REP-02', until: '2023-06-01' },
  },
  {
    name: 'wear part the day after its period: not free',
    request: request({ at: '2023-06-02', mileageKm: 4000, fault: wearPads }),
    eligible: false,
    reason: 'SB-REP-02',
  },
  {
    name: 'wear part at exactly its 5,000 km',
    request: request({ at: '2023-04-01', mileageKm: 5000, fault: wearPads }),
    has: ['wear_part'],
  },
  {
    name: 'wear part at 5,001 km',
    request: request({ at: '2023-04-01', mileageKm: 5001, fault: wearPads }),
    eligible: false,
  },
  {
    name: 'wear part without the certificate’s period: flagged, not covered',
    request: request({ at: '2023-04-01', fault: { system: 'brakes', partClass: 'wear' } }),
    eligible: false,
    flag: 'wear_part_period_unknown',
  },
  {
    name: 'consumable (e.g. a filter): a wear part under the three guarantees, by its certificate period',
    request: request({
      at: '2023-04-01',
      fault: { system: 'engine', partClass: 'consumable', wearPartPeriod: { months: 3, km: 5000 } },
    }),
    has: ['wear_part'],
    lacks: ['free_repair'],
  },
  {
    name: 'taxi wear part: only the OEM’s certificate period',
    request: request({ at: '2023-04-01', vehicle: { use: 'taxi' }, fault: wearPads }),
    grants: ['OEM-WEAR'],
    withholds: ['SB-REP-02'],
  },
  {
    name: 'accident part (e.g. a lamp) with a quality defect: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'electrical', partClass: 'accident' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'safety part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'brakes', partClass: 'safety' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'standard part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'body', partClass: 'standard' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'body panel: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'body', partClass: 'body_panel' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'maintenance part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'engine', partClass: 'maintenance' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'base part: ordinary coverage',
    request: request({ at: '2023-05-01', fault: { system: 'engine', partClass: 'base' } }),
    has: ['free_repair', 'oem_warranty_repair'],
  },
  // ── OEM-PARTS: bought and installed at an authorized dealer, 12 months from installation ──
  {
    name: 'part on the 12-month end, the vehicle long out of warranty',
    request: request({
      at: '2027-01-10',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: true }],
    }),
    covers: { kind: 'part_warranty', ruleId: 'OEM-PARTS', from: '2026-01-10', until: '2027-01-10' },
    lacks: ['free_repair', 'oem_warranty_repair'],
  },
  {
    name: 'part the day before the 12-month end',
    request: request({
      at: '2027-01-09',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: true }],
    }),
    has: ['part_warranty'],
  },
  {
    name: 'part the day after 12 months',
    request: request({
      at: '2027-01-11',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: true }],
    }),
    lacks: ['part_warranty'],
    reason: 'OEM-PARTS',
  },
  {
    name: 'part not bought at an authorized dealer',
    request: request({
      at: '2026-06-01',
      mileageKm: 90_000,
      parts: [{ partNo: 'A1', class: 'base', installedAt: '2026-01-10', boughtAtAuthorizedDealer: false }],
    }),
    lacks: ['part_warranty'],
    reason: 'OEM-PARTS',
  },
  // ── OEM-WV-CLAIM: a major failure within 24 hours of delivery (seed 001) ──
  {
    name: 'serious safety failure the day after delivery',
    request: request({
      at: '2023-03-03',
      vehicle: { deliveryDate: '2023-03-02' },
      fault: { system: 'steering', seriousSafetyFailure: true },
    }),
    grants: ['OEM-WV-CLAIM'],
  },
  {
    name: 'serious safety failure two days after delivery',
    request: request({
      at: '2023-03-04',
      vehicle: { deliveryDate: '2023-03-02' },
      fault: { system: 'steering', seriousSafetyFailure: true },
    }),
    withholds: ['OEM-WV-CLAIM'],
  },
  // ── PREF-01 preferential claim candidate (seed 003) ──
  {
    name: 'out of warranty, sensitive customer: a preferential-claim candidate',
    request: request({ at: '2028-06-01', mileageKm: 130_000, customer: { sensitive: ['vip'] } }),
    grants: ['PREF-01'],
    eligible: true,
  },
  {
    name: 'out of warranty, ordinary customer: nothing',
    request: request({ at: '2028-06-01', mileageKm: 130_000 }),
    eligible: false,
    reason: 'NONE',
  },
  {
    name: 'out of warranty, sensitive customer, accident damage: no preferential claim',
    request: request({
      at: '2028-06-01',
      mileageKm: 130_000,
      customer: { sensitive: ['media'] },
      exclusions: ['accident'],
    }),
    eligible: false,
  },
  {
    name: 'in warranty, sensitive customer: the warranty, not a preferential claim',
    request: request({ at: '2023-06-01', customer: { sensitive: ['vip'] } }),
    has: ['free_repair'],
    lacks: ['preferential_claim_candidate'],
  },
];

describe('warranty eligibility (policies as data)', () => {
  it('has at least 40 table cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const decision = evaluateEligibility(policies, testCase.request);
    const kinds = decision.coverage.map((coverage) => coverage.kind);
    const granted = decision.coverage.map((coverage) => coverage.ruleId);
    for (const kind of testCase.has ?? []) expect(kinds).toContain(kind);
    for (const kind of testCase.lacks ?? []) expect(kinds).not.toContain(kind);
    for (const ruleId of testCase.grants ?? []) expect(granted).toContain(ruleId);
    for (const ruleId of testCase.withholds ?? []) expect(granted).not.toContain(ruleId);
    if (testCase.covers !== undefined)
      expect(decision.coverage).toContainEqual(expect.objectContaining(testCase.covers));
    if (testCase.eligible !== undefined) expect(decision.eligible).toBe(testCase.eligible);
    expect(decision.eligible).toBe(kinds.length > 0);
    if (testCase.version !== undefined) expect(decision.policyVersion).toBe(testCase.version);
    if (testCase.reason !== undefined)
      expect(decision.reasons.map((reason) => reason.ruleId)).toContain(testCase.reason);
    if (testCase.flag !== undefined) expect(decision.flags).toContain(testCase.flag);
  });
});

describe('usage compensation (SB-COMP-01)', () => {
  const fifthRepair = (vehicle: Partial<EligibilityRequest['vehicle']>, at = '2023-09-01') =>
    request({
      at,
      mileageKm: 20_000,
      vehicle,
      fault: { system: 'engine', problemKey: 'noise-1' },
      history: { repairs: repairs(4, {}, Number(at.slice(0, 4))) },
    });
  const compensation = (decisionRequest: EligibilityRequest) =>
    evaluateEligibility(policies, decisionRequest).coverage.find(
      (coverage) => coverage.ruleId === 'SB-RET-04b',
    )?.compensationCents;

  it('is price × km / 1000 × n with the certificate’s n', () => {
    // 150,000.00 yuan × 20,000 km / 1000 × 0.4 % = 12,000.00 yuan
    expect(compensation(fifthRepair({ usageCompensationRate: 0.004 }))).toBe(1_200_000);
  });

  it('caps n at 0.5 % under the 2021 rules', () => {
    const decision = evaluateEligibility(policies, fifthRepair({ usageCompensationRate: 0.008 }));
    expect(decision.coverage.find((coverage) => coverage.ruleId === 'SB-RET-04b')?.compensationCents).toBe(
      1_500_000,
    );
    expect(decision.flags).toContain('usage_compensation_rate_capped');
  });

  it('keeps n between 0.5 % and 0.8 % under the 2013 rules', () => {
    const request2013 = fifthRepair({ ...sold2021, usageCompensationRate: 0.001 }, '2021-12-01');
    const decision = evaluateEligibility(policies, {
      ...request2013,
      history: { repairs: repairs(5, {}, 2021) },
    });
    expect(decision.coverage.find((coverage) => coverage.ruleId === 'SB-RET-04b')?.compensationCents).toBe(
      1_500_000,
    );
  });

  it('assumes the highest n when the certificate’s is not given, and says so', () => {
    const decision = evaluateEligibility(policies, fifthRepair({}));
    expect(decision.flags).toContain('usage_compensation_rate_assumed');
    expect(decision.reasons).toContainEqual({
      ruleId: 'SB-COMP-01',
      text: expect.stringContaining('= 1500000 cents'),
    });
  });

  it('is not computed without the price, which is flagged', () => {
    const decision = evaluateEligibility(policies, fifthRepair({ priceCents: undefined }));
    expect(compensation(fifthRepair({ priceCents: undefined }))).toBeUndefined();
    expect(decision.flags).toContain('usage_compensation_needs_price');
  });

  it('is never due for the free 7-day and 60-day replacements', () => {
    const decision = evaluateEligibility(
      policies,
      request({ at: '2023-03-05', fault: { system: 'brakes', failure: 'brake_failure' } }),
    );
    expect(decision.coverage.find((coverage) => coverage.ruleId === 'SB-RET-60D')).not.toHaveProperty(
      'compensationCents',
    );
  });
});

describe('reasons', () => {
  it('give the rule id and the text of every remedy, with its article', () => {
    const decision = evaluateEligibility(policies, request({ at: '2023-03-05', fault: engineMainPart }));
    expect(decision.reasons.find((reason) => reason.ruleId === 'SB-MAJ-01')?.text).toContain('Art. 20');
    expect(decision.reasons).toContainEqual({
      ruleId: 'SB-START-01',
      text: expect.stringContaining(': 2023-03-01'),
    });
  });

  it('say why a rule that concerns the fault does not apply', () => {
    const decision = evaluateEligibility(policies, request({ at: '2023-05-01', fault: engineMainPart }));
    expect(decision.reasons).toContainEqual({
      ruleId: 'SB-MAJ-01',
      text: expect.stringContaining('does not apply: the period ended on 2023-04-30'),
    });
    const worn = evaluateEligibility(policies, request({ at: '2024-01-01', mileageKm: 61_000 }));
    expect(worn.reasons).toContainEqual({
      ruleId: 'SB-REP-01',
      text: expect.stringContaining('61000 km is over the 60000 km limit'),
    });
  });

  it('name the part a main-part rule counted', () => {
    const decision = evaluateEligibility(
      policies,
      request({
        at: '2023-09-01',
        fault: engineMainPart,
        history: { repairs: repairs(2, { mainPartReplaced: 'crankshaft' }) },
      }),
    );
    expect(decision.reasons).toContainEqual({
      ruleId: 'SB-RET-03',
      text: 'SB-RET-03: crankshaft replaced 2 times',
    });
  });

  it('read an instant as its day in China (UTC+8)', () => {
    // 2023-04-30T17:00Z is 2023-05-01 01:00 in Beijing: day 61, outside the 60 days.
    const late = evaluateEligibility(
      policies,
      request({ at: '2023-04-30T17:00:00Z', fault: engineMainPart }),
    );
    expect(late.coverage.map((coverage) => coverage.ruleId)).not.toContain('SB-MAJ-01');
    const inTime = evaluateEligibility(
      policies,
      request({ at: '2023-04-30T15:59:59Z', fault: engineMainPart }),
    );
    expect(inTime.coverage.map((coverage) => coverage.ruleId)).toContain('SB-MAJ-01');
  });

  it('refuse a date the rules cannot count from', () => {
    expect(() => evaluateEligibility(policies, request({ at: '2023-02-30' }))).toThrow(RangeError);
  });
});
