import { person, type GoldenScenario } from '../golden/golden-scenario.js';

/** The goodwill paths every released goodwill version is pinned to (goldens under v<n>/golden/). */
const dealer = { dealerId: 'D001', regionId: 'R01' };
const region = { regionId: 'R01' };
const director = person('service_director-1', ['service_director'], dealer);
const rep = person('oem_aftersales_rep-1', ['oem_aftersales_rep'], region);
const rsm = person('regional_service_manager-1', ['regional_service_manager'], region);
const otherRegionRsm = person('regional_service_manager-r02', ['regional_service_manager'], {
  regionId: 'R02',
});
const oemGm = person('oem_general_manager-national', ['oem_general_manager']);
const liability = person('product_liability-national', ['product_liability']);
const leadership = person('oem_leadership-national', ['oem_leadership']);
const regionalStaff = person('regional_service_staff-1', ['regional_service_staff'], region);
/** One person whose token carries two signer roles. */
const repAndRsm = person('rep-and-rsm', ['oem_aftersales_rep', 'regional_service_manager'], region);
/** The applicant who also holds the rep's role. */
const directorAndRep = person('director-and-rep', ['service_director', 'oem_aftersales_rep'], dealer);

const application = {
  amountCents: 1_500_000,
  currency: 'CNY',
  lossDescription: 'towing and rental car after repeated engine failure',
  waiver: { signedAt: '2026-03-01', documentRef: 'WV-2026-031' },
  emergencyAdvance: true,
};
const toSigned = [
  { action: 'create', actor: director, data: application },
  { action: 'confirm-waiver', actor: rep, data: {} },
  { action: 'approve', actor: rep, data: { comment: 'waiver in order' } },
  { action: 'approve', actor: rsm, data: { comment: 'agreed' } },
  { action: 'approve', actor: oemGm, data: {} },
  { action: 'approve', actor: liability, data: { comment: 'submitted to leadership' } },
  { action: 'approve', actor: leadership, data: { comment: 'approved' } },
];

const v1AndV2Scenarios: readonly GoldenScenario[] = [
  {
    name: 'happy-path',
    commands: [
      ...toSigned,
      { action: 'notify-regional-staff', actor: liability, data: {} },
      { action: 'request-settlement-material', actor: regionalStaff, data: {} },
      {
        action: 'submit-settlement-material',
        actor: director,
        data: { documents: ['invoice.pdf', 'waiver.pdf'] },
      },
      { action: 'settle', actor: liability, data: { paidAmountCents: 1_500_001, reference: 'PAY-0' } },
      { action: 'settle', actor: regionalStaff, data: { paidAmountCents: 1_500_000, reference: 'PAY-0' } },
      { action: 'settle', actor: liability, data: { paidAmountCents: 1_500_000, reference: 'PAY-1' } },
    ],
  },
  {
    name: 'signing-out-of-turn-and-twice',
    commands: [
      { action: 'create', actor: director, data: application },
      { action: 'approve', actor: rep, data: {} },
      { action: 'confirm-waiver', actor: repAndRsm, data: {} },
      { action: 'approve', actor: rsm, data: {} },
      { action: 'approve', actor: repAndRsm, data: {} },
      { action: 'approve', actor: repAndRsm, data: {} },
      { action: 'approve', actor: otherRegionRsm, data: {} },
      { action: 'approve', actor: rsm, data: {} },
      { action: 'reject', actor: leadership, data: { reason: 'x' } },
      { action: 'reject', actor: oemGm, data: { reason: 'consequential losses are not covered' } },
      { action: 'approve', actor: oemGm, data: {} },
    ],
  },
  {
    name: 'returned-and-resubmitted',
    commands: [
      { action: 'create', actor: director, data: application },
      { action: 'confirm-waiver', actor: rep, data: {} },
      { action: 'approve', actor: rep, data: {} },
      { action: 'return', actor: rsm, data: { reason: 'attach the towing invoice' } },
      { action: 'resubmit', actor: director, data: { amountCents: 1_200_000 } },
      { action: 'approve', actor: rep, data: {} },
      { action: 'approve', actor: rsm, data: {} },
      { action: 'return', actor: oemGm, data: { reason: 'waiver unsigned' } },
      { action: 'resubmit', actor: director, data: {} },
      { action: 'confirm-waiver', actor: rep, data: {} },
      { action: 'approve', actor: rep, data: {} },
    ],
  },
  {
    name: 'applicant-holding-a-signer-role',
    commands: [
      { action: 'create', actor: directorAndRep, data: application },
      { action: 'confirm-waiver', actor: directorAndRep, data: {} },
      { action: 'confirm-waiver', actor: rep, data: {} },
      { action: 'approve', actor: directorAndRep, data: {} },
      { action: 'approve', actor: rep, data: {} },
    ],
  },
];

/** A major complaint of dealer D001 as the engine would summarize it for a v3 application. */
const COMPLAINT_ID = '0190a8f2-5b7c-7d3e-8f00-0000000000c1';
const majorComplaint = { complaintId: { major: true, state: 'awaiting_resolution' } };
const minorComplaint = { complaintId: { major: false, state: 'awaiting_resolution' } };
const direct = (description: string, amountCents: number) => ({ kind: 'direct', description, amountCents });
const v3Application = {
  complaintId: COMPLAINT_ID,
  currency: 'CNY',
  costLines: [
    direct('towing to the dealer', 80_000),
    direct('rental car, 5 days', 250_000),
    { kind: 'consequential', description: "the customer's lost business", amountCents: 900_000 },
  ],
  lossDescription: 'towing and rental car after repeated engine failure',
  waiver: { signedAt: '2026-03-01T10:00:00+08:00', documentRef: 'WV-2026-031' },
  emergencyAdvance: {
    paidAt: '2026-03-01T15:00:00+08:00',
    onSiteConfirmation: { confirmedBy: 'cao.ftm', confirmedAt: '2026-03-01T09:30:00+08:00' },
  },
};
const v3Apply = {
  action: 'create',
  actor: director,
  data: v3Application,
  referenced: majorComplaint,
};

/** Version 3: a major complaint, direct costs only, the waiver and the on-site confirmation before the advance. */
const v3Scenarios: readonly GoldenScenario[] = [
  {
    name: 'v3-direct-costs-only-paid',
    commands: [
      v3Apply,
      { action: 'confirm-waiver', actor: rep, data: {} },
      { action: 'approve', actor: rep, data: {} },
      { action: 'return', actor: rsm, data: { reason: 'the rental invoice covers 4 days' } },
      {
        action: 'resubmit',
        actor: director,
        data: { costLines: [direct('towing to the dealer', 80_000), direct('rental car, 4 days', 200_000)] },
      },
      { action: 'approve', actor: rep, data: {} },
      { action: 'approve', actor: rsm, data: {} },
      { action: 'approve', actor: oemGm, data: {} },
      { action: 'approve', actor: liability, data: {} },
      { action: 'approve', actor: leadership, data: {} },
      { action: 'notify-regional-staff', actor: liability, data: {} },
      { action: 'request-settlement-material', actor: regionalStaff, data: {} },
      { action: 'submit-settlement-material', actor: director, data: { documents: ['invoices.pdf'] } },
      { action: 'settle', actor: liability, data: { paidAmountCents: 280_001, reference: 'PAY-0' } },
      { action: 'settle', actor: liability, data: { paidAmountCents: 280_000, reference: 'PAY-1' } },
    ],
  },
  {
    name: 'v3-refused-applications',
    commands: [
      { ...v3Apply, referenced: minorComplaint },
      {
        action: 'create',
        actor: director,
        data: { ...v3Application, complaintId: undefined },
        referenced: {},
      },
      { ...v3Apply, data: { ...v3Application, costLines: [v3Application.costLines[2]] } },
      { ...v3Apply, data: { ...v3Application, amountCents: 1_500_000 } },
      {
        ...v3Apply,
        data: { ...v3Application, waiver: { signedAt: '2026-03-01T18:00:00+08:00', documentRef: 'WV-1' } },
      },
      {
        ...v3Apply,
        data: {
          ...v3Application,
          emergencyAdvance: {
            ...v3Application.emergencyAdvance,
            onSiteConfirmation: { confirmedBy: 'cao.ftm', confirmedAt: '2026-03-01T16:00:00+08:00' },
          },
        },
      },
      { ...v3Apply, data: { ...v3Application, waiver: { signedAt: '2026-03-03', documentRef: 'WV-1' } } },
      { ...v3Apply, actor: directorAndRep },
      { action: 'confirm-waiver', actor: directorAndRep, data: {} },
    ],
  },
];

export const goodwillScenarios: readonly GoldenScenario[] = [
  ...v1AndV2Scenarios.map((scenario) => ({ ...scenario, versions: [1, 2] })),
  ...v3Scenarios.map((scenario) => ({ ...scenario, versions: [3] })),
];
