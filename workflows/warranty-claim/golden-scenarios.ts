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
];
