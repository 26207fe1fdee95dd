import { SYSTEM_ACTOR } from '../../libs/kernel/index.js';
import { person, type GoldenScenario } from '../golden/golden-scenario.js';

/** The warranty-claim paths every released version is pinned to (goldens under v<n>/golden/). */
const dealer = { dealerId: 'D001', regionId: 'R01' };
const clerk = person('claims_clerk-1', ['claims_clerk'], dealer);
const otherDealersClerk = person('claims_clerk-d002', ['claims_clerk'], {
  dealerId: 'D002',
  regionId: 'R01',
});
const advisor = person('service_advisor-1', ['service_advisor'], dealer);
const oem = person('oem_claims-national', ['oem_claims']);
const otherRegionOem = person('oem_claims-r02', ['oem_claims'], { regionId: 'R02' });
/** One person who is the dealer's claims clerk and OEM claims staff of its region (two hats). */
const clerkAndOem = person('clerk-and-oem-1', ['claims_clerk', 'oem_claims'], dealer);

/** Serviced 2026-03-02 09:00 UTC; a private car invoiced 2025-09-01. */
const opening = {
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
  repairOrderId: 'RO-2026-0302-05',
  fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1 }],
  laborCents: 60_000,
  partsCents: 240_000,
  serviceCompletedAt: '2026-03-02T09:00:00.000Z',
};
const quality = { qualityProblem: true, notes: 'valve body worn' };
const toSubmitted = [
  { action: 'create', actor: clerk, data: opening, at: '2026-03-02T10:00:00.000Z' },
  { action: 'determine-quality', actor: clerk, data: quality },
  { action: 'submit', actor: clerk, data: {}, at: '2026-03-05T09:00:00.000Z' },
  { action: 'ship-old-parts', actor: clerk, data: { waybill: 'SF123' } },
  { action: 'receive-old-parts', actor: oem, data: {}, at: '2026-03-09T02:00:00.000Z' },
];

/** v4: the same repair, line by line, priced from oem-prices@1 (region R01: 150.00 per standard hour). */
const priced = {
  ...opening,
  labour: [{ operationCode: 'TR-VB-01', claimedCents: 60_000 }],
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 240_000 }],
};
const tagged = { waybill: 'SF123', tags: [{ partNo: '0AM-325-065', tag: 'WT-118' }] };
const inspection = { partCausedFailure: true, findings: 'valve body worn', disposition: 'scrap' };
const toPaidV4 = [
  { action: 'create', actor: clerk, data: priced, at: '2026-03-02T10:00:00.000Z' },
  { action: 'determine-quality', actor: clerk, data: quality },
  { action: 'submit', actor: clerk, data: {}, at: '2026-03-05T09:00:00.000Z' },
  { action: 'ship-old-parts', actor: clerk, data: tagged },
  { action: 'receive-old-parts', actor: oem, data: {}, at: '2026-03-09T02:00:00.000Z' },
  { action: 'inspect-old-parts', actor: oem, data: inspection },
  { action: 'approve', actor: oem, data: { approvedCents: 300_001 } },
  { action: 'approve', actor: oem, data: { approvedCents: 300_000 } },
  { action: 'pay', actor: oem, data: { reference: 'W-9' } },
];
/** 整车索赔 on ground (3): delivered 2026-03-01 10:00 (+08:00), the major failure at `majorFailureAt`. */
const asksWholeVehicle = (majorFailureAt: string, accidentHistory: boolean) => ({
  action: 'determine-quality',
  actor: clerk,
  data: {
    ...quality,
    wholeVehicle: {
      grounds: ['major_failure_within_24h'],
      deliveredAt: '2026-03-01T10:00:00+08:00',
      majorFailureAt,
      accidentHistory,
    },
  },
});
const director = person('service_director-1', ['service_director'], dealer);

const v4Scenarios: readonly GoldenScenario[] = [
  {
    name: 'priced-from-the-list',
    versions: [4],
    commands: [
      { action: 'create', actor: clerk, data: opening },
      {
        action: 'create',
        actor: clerk,
        data: {
          ...priced,
          labour: [{ operationCode: 'TR-VB-01', claimedCents: 60_001 }],
          laborCents: 60_001,
        },
      },
      {
        action: 'create',
        actor: clerk,
        data: { ...priced, parts: [{ partNo: 'NOPE-1', class: 'base', quantity: 1, claimedCents: 240_000 }] },
      },
      ...toPaidV4,
      {
        action: 'record-callback',
        actor: oem,
        data: { satisfaction: 'satisfied', courtesy: 'polite', customerPaid: false },
      },
    ],
  },
  {
    name: 'customer-paid-followed-up',
    versions: [4],
    commands: [
      ...toPaidV4,
      { action: 'record-callback', actor: oem, data: { satisfaction: 'dissatisfied', customerPaid: true } },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'customer-paid-follow-up', dueAt: '2026-03-16T09:00:00.000Z' },
        at: '2026-03-16T09:00:30.000Z',
      },
      {
        action: 'follow-up-customer-paid',
        actor: oem,
        data: {
          paymentResolution: 'refunded_to_customer',
          notes: 'the dealer charged 200 for the diagnosis; refunded',
        },
      },
    ],
  },
  {
    name: 'whole-vehicle-claim',
    versions: [4],
    commands: [
      { action: 'create', actor: clerk, data: priced },
      asksWholeVehicle('2026-03-02T10:00:01+08:00', false),
      asksWholeVehicle('2026-03-02T09:00:00+08:00', true),
      asksWholeVehicle('2026-03-02T09:00:00+08:00', false),
      { action: 'submit', actor: clerk, data: {} },
      { action: 'approve-whole-vehicle', actor: oem, data: { remedy: 'replacement', notes: 'replace' } },
    ],
  },
  {
    name: 'preferential-candidate-linked',
    versions: [4],
    commands: [
      {
        action: 'create',
        actor: clerk,
        data: {
          ...priced,
          vehicle: { ...opening.vehicle, invoiceDate: '2019-01-15', mileageKm: 160_000 },
          customerSensitivity: ['vip'],
        },
      },
      { action: 'determine-quality', actor: clerk, data: quality },
      {
        action: 'open-preferential-claim',
        actor: clerk,
        data: { preferentialClaimId: '6f1c2b1e-1111-4a1b-9c1d-000000000001' },
      },
      {
        action: 'open-preferential-claim',
        actor: director,
        data: { preferentialClaimId: '6f1c2b1e-1111-4a1b-9c1d-000000000001' },
      },
      {
        action: 'open-preferential-claim',
        actor: director,
        data: { preferentialClaimId: '6f1c2b1e-1111-4a1b-9c1d-000000000002' },
      },
    ],
  },
  {
    // Segregation of duties by person (#22) kept from v3, on v4's priced claim and its customer-paid follow-up:
    // the person holding both roles who filed the claim is refused each OEM step; OEM claims staff take them.
    name: 'the-claimant-never-acts-for-the-oem-priced',
    versions: [4],
    commands: [
      { action: 'create', actor: clerkAndOem, data: priced, at: '2026-03-02T10:00:00.000Z' },
      { action: 'determine-quality', actor: clerkAndOem, data: quality },
      { action: 'submit', actor: clerkAndOem, data: {}, at: '2026-03-05T09:00:00.000Z' },
      { action: 'ship-old-parts', actor: clerkAndOem, data: tagged },
      { action: 'receive-old-parts', actor: clerkAndOem, data: {}, at: '2026-03-09T02:00:00.000Z' },
      { action: 'receive-old-parts', actor: oem, data: {} },
      { action: 'inspect-old-parts', actor: clerkAndOem, data: inspection },
      { action: 'inspect-old-parts', actor: oem, data: inspection },
      { action: 'approve', actor: clerkAndOem, data: { approvedCents: 300_000 } },
      { action: 'approve', actor: oem, data: { approvedCents: 300_000 } },
      { action: 'pay', actor: clerkAndOem, data: { reference: 'W-9' } },
      { action: 'pay', actor: oem, data: { reference: 'W-9' } },
      { action: 'record-callback', actor: oem, data: { satisfaction: 'dissatisfied', customerPaid: true } },
      {
        action: 'follow-up-customer-paid',
        actor: clerkAndOem,
        data: { paymentResolution: 'charge_justified', notes: 'my own dealer charged rightly' },
      },
      {
        action: 'follow-up-customer-paid',
        actor: oem,
        data: { paymentResolution: 'dealer_charged_back', notes: 'the dealer charged for a warranty part' },
      },
    ],
  },
  {
    // v4's new OEM step on the whole-vehicle path is the OEM's too: the clerk who asked for it never decides it.
    name: 'whole-vehicle-decided-by-another-person',
    versions: [4],
    commands: [
      { action: 'create', actor: clerkAndOem, data: priced },
      { ...asksWholeVehicle('2026-03-02T09:00:00+08:00', false), actor: clerkAndOem },
      { action: 'approve-whole-vehicle', actor: clerkAndOem, data: { remedy: 'replacement', notes: 'mine' } },
      { action: 'reject', actor: clerkAndOem, data: { reason: 'mine' } },
      {
        action: 'approve-whole-vehicle',
        actor: oem,
        data: { remedy: 'vehicle_return', notes: 'take it back' },
      },
    ],
  },
];

export const warrantyClaimScenarios: readonly GoldenScenario[] = [
  {
    // Segregation of duties by person (#22): v2 lets the clerk who filed the claim receive, inspect and
    // approve it as OEM claims; v3 leaves the OEM's steps to another person.
    name: 'the-claimant-never-acts-for-the-oem',
    versions: [2, 3],
    commands: [
      { action: 'create', actor: clerkAndOem, data: opening, at: '2026-03-02T10:00:00.000Z' },
      { action: 'determine-quality', actor: clerkAndOem, data: quality },
      { action: 'submit', actor: clerkAndOem, data: {}, at: '2026-03-05T09:00:00.000Z' },
      {
        action: 'ship-old-parts',
        actor: clerkAndOem,
        data: { waybill: 'SF123', tags: [{ partNo: '0AM-325-065', tag: 'WT-118' }] },
      },
      { action: 'receive-old-parts', actor: clerkAndOem, data: {}, at: '2026-03-09T02:00:00.000Z' },
      { action: 'receive-old-parts', actor: oem, data: {} },
      {
        action: 'inspect-old-parts',
        actor: clerkAndOem,
        data: { partCausedFailure: true, findings: 'valve body worn', disposition: 'return_to_supplier' },
      },
      {
        action: 'inspect-old-parts',
        actor: oem,
        data: { partCausedFailure: true, findings: 'valve body worn', disposition: 'return_to_supplier' },
      },
      { action: 'approve', actor: clerkAndOem, data: { approvedCents: 300_000 } },
      { action: 'approve', actor: oem, data: { approvedCents: 300_000 } },
    ],
  },
  {
    name: 'happy-path',
    versions: [1, 2, 3],
    commands: [
      ...toSubmitted,
      { action: 'approve', actor: oem, data: { approvedCents: 300_001 } },
      { action: 'approve', actor: clerk, data: { approvedCents: 1 } },
      { action: 'approve', actor: oem, data: { approvedCents: 300_000 } },
      { action: 'pay', actor: otherRegionOem, data: { reference: 'W-9' } },
      { action: 'pay', actor: oem, data: { reference: 'W-9' } },
      {
        action: 'record-callback',
        actor: oem,
        data: { satisfaction: 'satisfied', courtesy: 'polite', customerPaid: false },
      },
    ],
  },
  {
    name: 'refused-openings-and-no-quality-problem',
    versions: [1, 2, 3],
    commands: [
      { action: 'create', actor: advisor, data: opening },
      {
        action: 'create',
        actor: clerk,
        data: { ...opening, serviceCompletedAt: '2026-03-09T09:00:00.000Z' },
      },
      { action: 'create', actor: clerk, data: { ...opening, faultReportedAt: '2026-03-01' } },
      { action: 'submit', actor: clerk, data: {} },
      { action: 'determine-quality', actor: otherDealersClerk, data: quality },
      { action: 'determine-quality', actor: clerk, data: { qualityProblem: false, notes: 'misuse' } },
      { action: 'submit', actor: clerk, data: {} },
    ],
  },
  {
    name: 'out-of-warranty',
    versions: [1, 2, 3],
    commands: [
      {
        action: 'create',
        actor: clerk,
        data: { ...opening, vehicle: { ...opening.vehicle, invoiceDate: '2021-01-15', mileageKm: 160_000 } },
      },
      { action: 'determine-quality', actor: clerk, data: quality },
    ],
  },
  {
    name: 'late-filing-withdrawn',
    versions: [1, 2, 3],
    commands: [
      { action: 'create', actor: clerk, data: opening },
      { action: 'determine-quality', actor: clerk, data: quality },
      { action: 'record-breach', actor: clerk, data: { kind: 'filing', dueAt: '2026-03-12T09:00:00.000Z' } },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'feedback', dueAt: '2026-03-12T09:00:00.000Z' },
        at: '2026-03-12T09:00:30.000Z',
      },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'filing', dueAt: '2026-03-12T09:00:00.000Z' },
      },
      { action: 'submit', actor: clerk, data: {}, at: '2026-03-13T09:00:00.000Z' },
      { action: 'withdraw', actor: clerk, data: { reason: 'filed too late' } },
    ],
  },
  {
    name: 'filed-on-the-last-second-and-rejected',
    versions: [1, 2, 3],
    commands: [
      { action: 'create', actor: clerk, data: opening },
      { action: 'determine-quality', actor: clerk, data: quality },
      { action: 'submit', actor: clerk, data: {}, at: '2026-03-12T09:00:00.000Z' },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'filing', dueAt: '2026-03-12T09:00:00.000Z' },
      },
      { action: 'ship-old-parts', actor: oem, data: { waybill: 'SF123' } },
      { action: 'ship-old-parts', actor: clerk, data: { waybill: 'SF777' } },
      { action: 'receive-old-parts', actor: oem, data: {} },
      { action: 'reject', actor: oem, data: { reason: 'old part shows impact damage' } },
      { action: 'pay', actor: oem, data: { reference: 'W-1' } },
    ],
  },
  {
    name: 'old-parts-tagged-inspected-approved',
    versions: [2, 3],
    commands: [
      { action: 'create', actor: clerk, data: opening, at: '2026-03-02T10:00:00.000Z' },
      { action: 'determine-quality', actor: clerk, data: quality },
      { action: 'submit', actor: clerk, data: {}, at: '2026-03-05T09:00:00.000Z' },
      { action: 'ship-old-parts', actor: clerk, data: { waybill: 'SF123' } },
      {
        action: 'ship-old-parts',
        actor: clerk,
        data: { waybill: 'SF123', tags: [{ partNo: '0AM-325-065', tag: 'WT-118' }] },
      },
      { action: 'receive-old-parts', actor: oem, data: {}, at: '2026-03-09T02:00:00.000Z' },
      { action: 'approve', actor: oem, data: { approvedCents: 300_000 } },
      {
        action: 'inspect-old-parts',
        actor: oem,
        data: { partCausedFailure: true, findings: 'valve body worn', disposition: 'return_to_supplier' },
      },
      { action: 'approve', actor: oem, data: { approvedCents: 300_000 } },
    ],
  },
  {
    name: 'old-parts-never-returned',
    versions: [2, 3],
    commands: [
      { action: 'create', actor: clerk, data: opening, at: '2026-03-02T10:00:00.000Z' },
      { action: 'determine-quality', actor: clerk, data: quality },
      { action: 'submit', actor: clerk, data: {}, at: '2026-03-05T09:00:00.000Z' },
      { action: 'reject', actor: oem, data: { reason: 'old parts never returned' } },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'old-parts-return', dueAt: '2026-04-04T09:00:00.000Z' },
        at: '2026-04-04T09:00:30.000Z',
      },
      { action: 'reject', actor: oem, data: { reason: 'old parts never returned' } },
    ],
  },
  ...v4Scenarios,
];
