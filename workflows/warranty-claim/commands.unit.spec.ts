import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { ValidationFailedError, type FieldError } from '../../libs/kernel/index.js';
import { readPriceLists } from './price-lists.loader.js';
import { shippedPolicies } from './shipped-policies.tool.js';
import { createWarrantyClaimWorkflowV3 } from './v3/warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV4 } from './v4/warranty-claim.workflow.js';
import type { EligibilityRequest } from './eligibility/eligibility-request.js';
import { evaluateEligibility } from './eligibility/evaluate-eligibility.js';
import { createWarrantyClaimWorkflowV2 } from './v2/warranty-claim.workflow.js';
import { createWarrantyClaimWorkflowV1 } from './warranty-claim.workflow.js';
import { validatePayload } from '../../libs/command-schema/index.js';
import { CreateWarrantyClaimDto, EligibilityRequestDto, warrantyClaimActionDtos } from './commands.js';

/** The field errors a body gets, or [] when it is valid. */
async function errorsOf(dto: new () => object, body: unknown): Promise<FieldError[]> {
  try {
    await validatePayload(dto, body);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailedError) return [...error.errors];
    throw error;
  }
}
const fieldsOf = async (dto: new () => object, body: unknown) =>
  [...new Set((await errorsOf(dto, body)).map((error) => error.field))].sort();

/** API.md's example eligibility request, with every optional part. */
const eligibility = {
  at: '2023-03-08',
  mileageKm: 180,
  vehicle: {
    vin: 'LSVAU2180N2183294',
    use: 'private',
    powertrain: 'ice',
    invoiceDate: '2023-03-01',
    deliveryDate: '2023-03-02',
    priceCents: 15_000_000,
    usageCompensationRate: 0.005,
  },
  fault: {
    system: 'engine',
    mainPart: true,
    requiresReplacement: true,
    partClass: 'base',
    wearPartPeriod: { months: 3, km: 5000 },
    problemKey: 'noise-1',
  },
  parts: [
    { partNo: '06H-103-011', class: 'base', installedAt: '2023-03-01', boughtAtAuthorizedDealer: true },
  ],
  customer: { sensitive: ['vip'] },
  currentRepair: { startedAt: '2023-03-08T01:00:00Z' },
  exclusions: ['non_authorized_repair'],
  history: {
    repairs: [
      {
        system: 'engine',
        problemKey: 'noise-1',
        mainPartReplaced: 'crankshaft',
        startedAt: '2023-03-04T08:00:00Z',
        completedAt: '2023-03-05T08:00:00Z',
      },
    ],
  },
};

const opening = {
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
  repairOrderId: 'RO-2026-0302-05',
  fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1 }],
  laborCents: 60_000,
  partsCents: 240_000,
  serviceCompletedAt: '2026-03-02T09:00:00Z',
  faultReportedAt: '2026-02-27',
};

describe('EligibilityRequestDto', () => {
  it('accepts the API.md request and the engine can judge what it accepts', async () => {
    const payload = await validatePayload(EligibilityRequestDto, eligibility);
    expect(payload).toEqual(eligibility);
    expect(evaluateEligibility(shippedPolicies(), payload as unknown as EligibilityRequest).eligible).toBe(
      true,
    );
  });

  it('reports every bad nested value with its property path', async () => {
    expect(
      await fieldsOf(EligibilityRequestDto, {
        ...eligibility,
        at: 'yesterday',
        mileageKm: -1,
        vehicle: { ...eligibility.vehicle, vin: 'X', use: 'boat', usageCompensationRate: 0.5, colour: 'red' },
        fault: { ...eligibility.fault, system: 'wings', wearPartPeriod: { months: 'three', km: 5000 } },
        parts: [{ partNo: '', class: 'gold' }],
        customer: { sensitive: ['celebrity'] },
        exclusions: ['bad_luck', 'bad_luck'],
        history: { repairs: [{ system: 'engine', startedAt: '2023-03-04T08:00:00Z' }] },
      }),
    ).toEqual([
      'at',
      'customer.sensitive',
      'exclusions',
      'fault.system',
      'fault.wearPartPeriod.months',
      'history.repairs.0.completedAt',
      'mileageKm',
      'parts.0.class',
      'parts.0.partNo',
      'vehicle.colour',
      'vehicle.usageCompensationRate',
      'vehicle.use',
      'vehicle.vin',
    ]);
  });

  it('requires the vehicle and the fault', async () => {
    expect(await fieldsOf(EligibilityRequestDto, { at: '2023-03-08', mileageKm: 1 })).toEqual([
      'fault',
      'vehicle',
    ]);
  });

  it.each(['2023-03-08', '2023-03-08T09:00:00Z', '2023-03-08T09:00:00.123+08:00', '2023-03-08T09:00'])(
    'accepts the date %s, and the engine reads it',
    async (at) => {
      const payload = await validatePayload(EligibilityRequestDto, { ...eligibility, at });
      expect(() =>
        evaluateEligibility(shippedPolicies(), payload as unknown as EligibilityRequest),
      ).not.toThrow();
    },
  );

  it.each(['2023-03', '2023', '2023-W10-1', '2023-067', '20230308', '2023-02-30', '2023-03-08T25:00:00Z'])(
    'refuses the date %s, which ISO-8601 allows but the rules cannot count days from',
    async (at) => {
      expect(await errorsOf(EligibilityRequestDto, { ...eligibility, at })).toEqual([
        {
          field: 'at',
          reason: 'at must be a date YYYY-MM-DD or an ISO-8601 date-time',
          code: 'not_a_date',
        },
      ]);
    },
  );
});

describe('CreateWarrantyClaimDto', () => {
  it('accepts a claim as API.md describes it', async () => {
    expect(await errorsOf(CreateWarrantyClaimDto, opening)).toEqual([]);
  });

  it('reports bad input with its property path', async () => {
    expect(
      await fieldsOf(CreateWarrantyClaimDto, {
        ...opening,
        vehicle: { ...opening.vehicle, mileageKm: 1.5 },
        fault: { system: 'engine' },
        parts: [{ partNo: 'p', class: 'base', quantity: 0, installedAt: 'soon' }],
        laborCents: -1,
        serviceCompletedAt: '2026-03-02',
        currency: 'yuan',
      }),
    ).toEqual([
      'currency',
      'fault.description',
      'laborCents',
      'parts.0.installedAt',
      'parts.0.quantity',
      'serviceCompletedAt',
      'vehicle.mileageKm',
    ]);
  });

  it('requires the vehicle and the fault', async () => {
    const { vehicle: _vehicle, fault: _fault, ...rest } = opening;
    expect(await fieldsOf(CreateWarrantyClaimDto, rest)).toEqual(['fault', 'vehicle']);
  });

  it('needs at least one part', async () => {
    expect(await fieldsOf(CreateWarrantyClaimDto, { ...opening, parts: [] })).toEqual(['parts']);
  });
});

describe('warranty claim action DTOs', () => {
  it('has a DTO for every HTTP action (the engine’s breach is not one)', () => {
    const actions = [
      ...new Set([
        ...Object.keys(createWarrantyClaimWorkflowV1(shippedPolicies()).actions),
        ...Object.keys(createWarrantyClaimWorkflowV2(shippedPolicies()).actions),
        ...Object.keys(createWarrantyClaimWorkflowV3(shippedPolicies()).actions),
        ...Object.keys(createWarrantyClaimWorkflowV4(shippedPolicies(), readPriceLists()).actions),
      ]),
    ];
    expect(Object.keys(warrantyClaimActionDtos).sort()).toEqual(
      actions.filter((action) => action !== 'record-breach').sort(),
    );
  });

  it.each([
    ['determine-quality', { qualityProblem: true, notes: 'valve body worn' }],
    ['submit', {}],
    ['withdraw', { reason: 'filed too late' }],
    ['ship-old-parts', { waybill: 'SF1234567890' }],
    ['receive-old-parts', {}],
    ['approve', { approvedCents: 300_000 }],
    ['reject', { reason: 'impact damage' }],
    ['pay', { reference: 'WPAY-2026-118' }],
    [
      'record-callback',
      { satisfaction: 'very_satisfied', courtesy: 'polite', convenience: 'ok', customerPaid: false },
    ],
    [
      'determine-quality',
      {
        qualityProblem: true,
        notes: 'seized',
        wholeVehicle: {
          grounds: ['major_failure_within_24h'],
          deliveredAt: '2026-03-01T10:00:00+08:00',
          majorFailureAt: '2026-03-02T09:00:00+08:00',
          accidentHistory: false,
        },
      },
    ],
    ['approve-whole-vehicle', { remedy: 'replacement', notes: 'replace the vehicle' }],
    ['follow-up-customer-paid', { paymentResolution: 'refunded_to_customer', notes: 'refunded' }],
    ['open-preferential-claim', { preferentialClaimId: '6f1c2b1e-1111-4a1b-9c1d-000000000001' }],
  ])('%s accepts %j', async (action, body) => {
    expect(await errorsOf(warrantyClaimActionDtos[action]!, body)).toEqual([]);
  });

  it.each([
    ['determine-quality', { qualityProblem: 'yes', notes: 'n' }, ['qualityProblem']],
    ['submit', { late: true }, ['late']],
    ['ship-old-parts', {}, ['waybill']],
    ['approve', { approvedCents: 1.5 }, ['approvedCents']],
    ['approve', { approvedCents: -1 }, ['approvedCents']],
    ['reject', { reason: '' }, ['reason']],
    ['pay', {}, ['reference']],
    ['record-callback', { satisfaction: 'meh' }, ['customerPaid', 'satisfaction']],
    [
      'determine-quality',
      { qualityProblem: true, notes: 'n', wholeVehicle: { grounds: ['bad_luck'], majorFailureAt: 'soon' } },
      ['wholeVehicle.accidentHistory', 'wholeVehicle.grounds', 'wholeVehicle.majorFailureAt'],
    ],
    ['approve-whole-vehicle', { remedy: 'refund', notes: '' }, ['notes', 'remedy']],
    ['follow-up-customer-paid', { paymentResolution: 'ignored' }, ['notes', 'paymentResolution']],
    ['open-preferential-claim', { preferentialClaimId: 'x' }, ['preferentialClaimId']],
  ])('%s refuses %j naming %j', async (action, body, fields) => {
    expect(await fieldsOf(warrantyClaimActionDtos[action]!, body)).toEqual(fields);
  });
});
