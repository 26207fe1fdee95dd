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

export const goodwillScenarios: readonly GoldenScenario[] = [
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
