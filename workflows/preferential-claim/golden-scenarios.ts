import { person, type GoldenScenario, type ScenarioCommand } from '../golden/golden-scenario.js';

/** The preferential-claim paths every released version is pinned to (goldens under v<n>/golden/). */
const dealer = { dealerId: 'D001', regionId: 'R01' };
const region = { regionId: 'R01' };
const director = person('service_director-1', ['service_director'], dealer);
const fsr = person('field_service_rep-1', ['field_service_rep'], region);
const ftm = person('field_technical_manager-1', ['field_technical_manager'], region);
const otherRegionFsr = person('field_service_rep-r02', ['field_service_rep'], { regionId: 'R02' });
const auditor = person('technical_auditor-national', ['technical_auditor']);
const claims = person('oem_claims-national', ['oem_claims']);
/** One person whose token carries both signer roles. */
const fsrAndFtm = person('fsr-and-ftm', ['field_service_rep', 'field_technical_manager'], region);

const request = {
  customerSensitivity: ['media'],
  vehicle: { vin: 'LSVAU2180N2183294', mileageKm: 131_000 },
  faultDescription: 'gearbox fails at 131,000 km, out of warranty',
  cause: 'quality_defect',
};
/** From v3 the vehicle carries the facts the eligibility policies judge; this one is out of warranty. */
const outOfWarranty = {
  ...request,
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
};
/** Bought six months before the claim, 12,000 km: the OEM warranty still covers it. */
const inWarranty = {
  ...request,
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
};

/** From v3 the FSR decides 「可办理」 after the FTM's verdict, before the form. */
const claimableByFsr: readonly ScenarioCommand[] = [
  {
    action: 'confirm-claimable',
    actor: fsr,
    data: { claimable: true, notes: 'media customer, 4 years old' },
  },
];

/**
 * The paths of every version, opened with `request`; `afterVerdict` are the steps a version takes between
 * the FTM's verdict of a quality problem and the form.
 */
const pathsOpenedWith = (
  request: Record<string, unknown>,
  afterVerdict: readonly ScenarioCommand[],
): GoldenScenario[] => {
  const toSignatures = [
    { action: 'create', actor: director, data: request },
    { action: 'verify-vehicle', actor: fsr, data: { findings: 'valve body worn' } },
    {
      action: 'confirm-quality-problem',
      actor: ftm,
      data: { qualityProblem: true, notes: 'material defect' },
    },
    ...afterVerdict,
    { action: 'fill-form', actor: director, data: { amountCents: 800_000 } },
  ];

  return [
    {
      name: 'happy-path',
      commands: [
        ...toSignatures,
        { action: 'sign', actor: fsr, data: { comment: 'verified on site' } },
        { action: 'sign', actor: fsr, data: {} },
        { action: 'sign', actor: ftm, data: {} },
        { action: 'audit', actor: auditor, data: { passed: true, notes: 'complete' } },
        { action: 'process', actor: claims, data: {} },
        { action: 'notify-result', actor: ftm, data: {} },
        { action: 'settle', actor: claims, data: { paidAmountCents: 800_001, reference: 'CL-0' } },
        { action: 'settle', actor: claims, data: { paidAmountCents: 800_000, reference: 'CL-9' } },
      ],
    },
    {
      name: 'refused-openings-and-no-quality-problem',
      commands: [
        { action: 'create', actor: director, data: { ...request, cause: 'natural_disaster' } },
        { action: 'create', actor: director, data: { ...request, customerSensitivity: [] } },
        { action: 'create', actor: fsr, data: request },
        { action: 'create', actor: director, data: request },
        { action: 'verify-vehicle', actor: otherRegionFsr, data: { findings: 'x' } },
        { action: 'verify-vehicle', actor: fsr, data: { findings: 'worn clutch' } },
        { action: 'confirm-quality-problem', actor: ftm, data: { qualityProblem: false, notes: 'wear' } },
        { action: 'fill-form', actor: director, data: { amountCents: 1 } },
      ],
    },
    {
      name: 'one-person-two-roles-and-audit-failed',
      commands: [
        { action: 'create', actor: director, data: request },
        { action: 'verify-vehicle', actor: fsrAndFtm, data: { findings: 'valve body worn' } },
        { action: 'confirm-quality-problem', actor: fsrAndFtm, data: { qualityProblem: true } },
        { action: 'confirm-quality-problem', actor: ftm, data: { qualityProblem: true } },
        ...afterVerdict,
        { action: 'fill-form', actor: director, data: { amountCents: 800_000 } },
        { action: 'sign', actor: fsrAndFtm, data: {} },
        { action: 'sign', actor: fsrAndFtm, data: {} },
        { action: 'sign', actor: director, data: {} },
        { action: 'sign', actor: fsr, data: {} },
        { action: 'sign', actor: ftm, data: {} },
        { action: 'audit', actor: auditor, data: { passed: false, notes: 'no photos of the part' } },
      ],
    },
    {
      name: 'rejected-by-the-approver-in-turn',
      commands: [
        { action: 'create', actor: director, data: request },
        { action: 'reject', actor: ftm, data: { reason: 'x' } },
        { action: 'reject', actor: fsr, data: { reason: 'vehicle was modified' } },
        { action: 'verify-vehicle', actor: fsr, data: { findings: 'x' } },
      ],
    },
    {
      name: 'rejected-at-processing',
      commands: [
        ...toSignatures,
        { action: 'sign', actor: ftm, data: {} },
        { action: 'sign', actor: fsr, data: {} },
        { action: 'audit', actor: auditor, data: { passed: true } },
        { action: 'reject', actor: auditor, data: { reason: 'x' } },
        { action: 'reject', actor: claims, data: { reason: 'budget for the model year exhausted' } },
      ],
    },
  ];
};

export const preferentialClaimScenarios: readonly GoldenScenario[] = [
  ...pathsOpenedWith(request, []).map((scenario) => ({ ...scenario, versions: [1, 2] })),
  ...pathsOpenedWith(outOfWarranty, claimableByFsr).map((scenario) => ({ ...scenario, versions: [3] })),
  {
    name: 'refused-in-warranty',
    versions: [3],
    commands: [
      { action: 'create', actor: director, data: inWarranty },
      {
        action: 'create',
        actor: director,
        data: { ...inWarranty, vehicle: { ...inWarranty.vehicle, use: 'taxi', mileageKm: 101_000 } },
      },
    ],
  },
  {
    name: 'fsr-decides-not-claimable',
    versions: [3],
    commands: [
      { action: 'create', actor: director, data: outOfWarranty },
      { action: 'verify-vehicle', actor: fsr, data: { findings: 'valve body worn' } },
      { action: 'confirm-quality-problem', actor: ftm, data: { qualityProblem: true, notes: 'defect' } },
      { action: 'fill-form', actor: director, data: { amountCents: 800_000 } },
      { action: 'confirm-claimable', actor: ftm, data: { claimable: true } },
      {
        action: 'confirm-claimable',
        actor: fsr,
        data: { claimable: false, notes: 'not a sensitive customer after all' },
      },
      { action: 'fill-form', actor: director, data: { amountCents: 800_000 } },
    ],
  },
  {
    name: 'fsr-rejects-at-claimability',
    versions: [3],
    commands: [
      { action: 'create', actor: director, data: outOfWarranty },
      { action: 'verify-vehicle', actor: fsr, data: { findings: 'valve body worn' } },
      { action: 'confirm-quality-problem', actor: fsrAndFtm, data: { qualityProblem: true } },
      { action: 'confirm-claimable', actor: fsrAndFtm, data: { claimable: true } },
      { action: 'reject', actor: fsr, data: { reason: 'customer declined the claim' } },
    ],
  },
];
