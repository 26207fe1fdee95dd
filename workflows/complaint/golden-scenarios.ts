import { SYSTEM_ACTOR } from '../../libs/kernel/index.js';
import { person, type GoldenScenario } from '../golden/golden-scenario.js';

/** The complaint paths every released complaint version is pinned to (goldens under v<n>/golden/). */
const dealer = { dealerId: 'D001', regionId: 'R01' };
const reception = person('reception-1', ['reception'], dealer);
const cs = person('customer_service-1', ['customer_service'], dealer);
const advisor = person('service_advisor-1', ['service_advisor'], dealer);
const technicalDirector = person('technical_director-1', ['technical_director'], dealer);
const partsManager = person('parts_manager-1', ['parts_manager'], dealer);
const serviceManager = person('service_manager-1', ['service_manager'], dealer);
const generalManager = person('general_manager-1', ['general_manager'], dealer);
const otherDealersCs = person('customer_service-d002', ['customer_service'], {
  dealerId: 'D002',
  regionId: 'R01',
});

const intake = {
  channel: 'walk_in',
  category: 'repair_technique',
  severity: 'normal',
  customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
  vehicle: { vin: 'LSVAU2180N2183294', plate: '京A12345', model: 'Lavida', mileageKm: 42_000 },
  repairOrderId: 'RO-2026-0301-17',
  description: 'engine noise after repair',
};

const toFeedback = [
  { action: 'create', actor: reception, data: intake },
  { action: 'verify', actor: cs, data: { findings: 'confirmed on test drive', problemClass: 'technical' } },
  {
    action: 'propose-resolution',
    actor: technicalDirector,
    data: {
      cause: 'loose heat shield',
      plan: 'refit the heat shield',
      appointmentAt: '2026-03-04T09:00:00Z',
    },
  },
  {
    action: 'record-customer-reply',
    actor: cs,
    data: { decision: 'accepted', notes: 'agrees to Wednesday' },
  },
];
const toClosed = [
  ...toFeedback,
  { action: 'report-feedback', actor: advisor, data: { result: 'heat shield refitted, noise gone' } },
  { action: 'confirm-satisfaction', actor: cs, data: { satisfied: true } },
  { action: 'record-follow-up', actor: cs, data: { satisfaction: 'very_satisfied', notes: 'no noise' } },
  { action: 'close', actor: cs, data: {} },
];

/** The paths of v1 and v2, which share their actions and payloads. */
const v1AndV2Scenarios: readonly GoldenScenario[] = [
  { name: 'happy-path', commands: toClosed },
  {
    name: 'refused-commands',
    commands: [
      { action: 'create', actor: advisor, data: intake },
      { action: 'create', actor: cs, data: intake },
      { action: 'create', actor: cs, data: intake },
      { action: 'verify', actor: advisor, data: { findings: 'x', problemClass: 'parts' } },
      { action: 'verify', actor: otherDealersCs, data: { findings: 'x', problemClass: 'parts' } },
      { action: 'verify', actor: cs, data: { findings: 'parts on back order', problemClass: 'parts' } },
      { action: 'propose-resolution', actor: technicalDirector, data: { cause: 'x', plan: 'y' } },
      { action: 'close', actor: cs, data: {} },
      { action: 'record-breach', actor: cs, data: { kind: 'feedback', dueAt: '2026-03-03T09:00:00.000Z' } },
    ],
  },
  {
    name: 'rejected-resolutions-escalate',
    commands: [
      { action: 'create', actor: cs, data: { ...intake, category: 'parts_quality' } },
      { action: 'verify', actor: cs, data: { findings: 'part out of stock', problemClass: 'parts' } },
      {
        action: 'propose-resolution',
        actor: partsManager,
        data: { cause: 'supplier delay', plan: 'wait 3 weeks' },
      },
      { action: 'record-customer-reply', actor: cs, data: { decision: 'rejected', notes: 'too long' } },
      { action: 'propose-resolution', actor: partsManager, data: { cause: 'x', plan: 'y' } },
      {
        action: 'propose-resolution',
        actor: serviceManager,
        data: { cause: 'supplier delay', plan: 'loan car until the part arrives' },
      },
      { action: 'record-customer-reply', actor: cs, data: { decision: 'rejected' } },
      {
        action: 'propose-resolution',
        actor: generalManager,
        data: { cause: 'supplier delay', plan: 'part from another dealer, repair tomorrow' },
      },
      { action: 'record-customer-reply', actor: advisor, data: { decision: 'accepted' } },
      { action: 'report-feedback', actor: advisor, data: { result: 'repaired' } },
      { action: 'confirm-satisfaction', actor: cs, data: { satisfied: false } },
      { action: 'escalate', actor: cs, data: { reason: 'still unhappy' } },
      {
        action: 'propose-resolution',
        actor: generalManager,
        data: { cause: 'noise remains', plan: 'replace unit' },
      },
      { action: 'record-customer-reply', actor: cs, data: { decision: 'accepted' } },
      { action: 'report-feedback', actor: advisor, data: { result: 'unit replaced' } },
      { action: 'confirm-satisfaction', actor: cs, data: { satisfied: true } },
      {
        action: 'record-follow-up',
        actor: cs,
        data: { satisfaction: 'dissatisfied', notes: 'rattle again' },
      },
      {
        action: 'propose-resolution',
        actor: generalManager,
        data: { cause: 'bracket', plan: 'new bracket' },
      },
    ],
  },
  {
    name: 'vip-customer-and-deadline-breaches',
    commands: [
      {
        action: 'create',
        actor: cs,
        data: { ...intake, customer: { ...intake.customer, sensitive: ['vip'] } },
      },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'feedback', dueAt: '2026-03-02T09:05:00.000Z' },
      },
      { action: 'verify', actor: cs, data: { findings: 'confirmed', problemClass: 'other' } },
      { action: 'escalate', actor: serviceManager, data: { reason: 'customer asks for the manager' } },
      { action: 'escalate', actor: cs, data: {} },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'follow-up', dueAt: '2026-03-02T09:30:00.000Z' },
      },
    ],
  },
  {
    name: 'major-at-intake',
    commands: [
      {
        action: 'create',
        actor: cs,
        data: {
          ...intake,
          channel: 'authority_referral',
          customer: { ...intake.customer, sensitive: ['media'] },
        },
      },
      { action: 'verify', actor: cs, data: { findings: 'confirmed', problemClass: 'technical' } },
      { action: 'propose-resolution', actor: technicalDirector, data: { cause: 'x', plan: 'y' } },
      { action: 'propose-resolution', actor: serviceManager, data: { cause: 'weld', plan: 'rework' } },
    ],
  },
  ...(
    [
      ['major-by-severity', { severity: 'major' }],
      ['major-by-safety', { safety: true }],
      ['major-by-authority-referral', { channel: 'authority_referral' }],
      ['key-account-customer', { customer: { ...intake.customer, sensitive: ['key_account', 'demanding'] } }],
    ] as const
  ).map(([name, change]) => ({
    name,
    commands: [
      { action: 'create', actor: cs, data: { ...intake, ...change } },
      { action: 'verify', actor: cs, data: { findings: 'confirmed', problemClass: 'parts' } },
      { action: 'propose-resolution', actor: partsManager, data: { cause: 'x', plan: 'y' } },
    ],
  })),
  {
    name: 'dismissed',
    commands: [
      { action: 'create', actor: reception, data: { ...intake, category: 'repair_price' } },
      { action: 'dismiss', actor: serviceManager, data: { reason: 'price as quoted' } },
      { action: 'dismiss', actor: cs, data: { reason: 'the invoice matches the signed quote' } },
      { action: 'verify', actor: cs, data: { findings: 'x', problemClass: 'other' } },
    ],
  },
  {
    name: 'reopened-after-close',
    commands: [
      ...toClosed,
      { action: 'reopen', actor: advisor, data: { reason: 'x' } },
      { action: 'reopen', actor: serviceManager, data: { reason: 'noise is back after two weeks' } },
      {
        action: 'propose-resolution',
        actor: technicalDirector,
        data: { cause: 'cracked bracket', plan: 'replace bracket and shield' },
      },
      { action: 'record-customer-reply', actor: cs, data: { decision: 'accepted' } },
      { action: 'report-feedback', actor: advisor, data: { result: 'replaced' } },
      { action: 'confirm-satisfaction', actor: cs, data: { satisfied: true } },
      { action: 'record-follow-up', actor: cs, data: { satisfaction: 'satisfied' } },
      { action: 'close', actor: cs, data: {} },
      { action: 'reopen', actor: cs, data: {} },
    ],
  },
];

const v3Cost = { payer: 'dealer', amountCents: 80_000, currency: 'CNY' };
const v3Verified = {
  findings: 'confirmed on test drive',
  problemClass: 'technical',
  judgement: 'defect',
};
const v3Closing = {
  rootCause: 'heat shield clip not refitted',
  preventiveAction: 'checklist item for shields',
};

/** v3 up to the repair order: the plan goes to the service advisor, who takes the customer's answer. */
const v3ToRepairOrder = [
  { action: 'create', actor: reception, data: intake },
  { action: 'verify', actor: cs, data: v3Verified },
  {
    action: 'propose-resolution',
    actor: technicalDirector,
    data: { cause: 'loose heat shield', plan: 'refit the heat shield', costHandling: v3Cost },
  },
  { action: 'record-customer-reply', actor: advisor, data: { decision: 'accepted', notes: 'agrees' } },
];
const v3ToFeedback = [
  ...v3ToRepairOrder,
  { action: 'receive-repair-order', actor: advisor, data: { internalOrderRef: 'IRO-2026-0302-04' } },
];
const v3ToFollowedUp = [
  ...v3ToFeedback,
  { action: 'report-feedback', actor: advisor, data: { result: 'heat shield refitted, noise gone' } },
  { action: 'confirm-satisfaction', actor: cs, data: { satisfied: true } },
  { action: 'record-follow-up', actor: cs, data: { satisfaction: 'very_satisfied' } },
];

/** The paths of v3 (seeds 001, 004): its actions and payloads differ from v1 and v2's. */
const v3Scenarios: readonly GoldenScenario[] = [
  {
    name: 'v3-happy-path',
    commands: [
      ...v3ToFollowedUp,
      { action: 'close', actor: cs, data: {} },
      { action: 'close', actor: cs, data: v3Closing },
    ],
  },
  {
    name: 'v3-refused-commands',
    commands: [
      { action: 'create', actor: reception, data: intake },
      { action: 'verify', actor: cs, data: { findings: 'x', problemClass: 'parts' } },
      { action: 'verify', actor: cs, data: { ...v3Verified, judgement: 'bad luck' } },
      { action: 'verify', actor: cs, data: v3Verified },
      { action: 'propose-resolution', actor: technicalDirector, data: { cause: 'x', plan: 'y' } },
      {
        action: 'propose-resolution',
        actor: technicalDirector,
        data: { cause: 'x', plan: 'y', costHandling: { payer: 'dealer', amountCents: 300_000 } },
      },
      {
        action: 'propose-resolution',
        actor: serviceManager,
        data: { cause: 'x', plan: 'y', costHandling: v3Cost },
      },
      { action: 'take-over', actor: serviceManager, data: {} },
      { action: 'receive-repair-order', actor: advisor, data: { internalOrderRef: 'IRO-1' } },
      { action: 'record-breach', actor: cs, data: { kind: 'feedback', dueAt: '2026-03-03T09:00:00.000Z' } },
    ],
  },
  {
    name: 'v3-escalation-one-level-above-the-holder',
    commands: [
      { action: 'create', actor: cs, data: { ...intake, category: 'parts_quality' } },
      { action: 'verify', actor: cs, data: { ...v3Verified, problemClass: 'parts' } },
      { action: 'escalate', actor: partsManager, data: { reason: 'supplier cannot deliver' } },
      { action: 'take-over', actor: generalManager, data: {} },
      { action: 'take-over', actor: serviceManager, data: {} },
      {
        action: 'propose-resolution',
        actor: serviceManager,
        data: {
          cause: 'supplier delay',
          plan: 'loan car',
          costHandling: { payer: 'dealer', amountCents: 1_500_000 },
        },
      },
      {
        action: 'propose-resolution',
        actor: serviceManager,
        data: {
          cause: 'supplier delay',
          plan: 'loan car',
          costHandling: { payer: 'dealer', amountCents: 600_000 },
        },
      },
      { action: 'record-customer-reply', actor: advisor, data: { decision: 'rejected', notes: 'too long' } },
      { action: 'escalate', actor: cs, data: { reason: 'again' } },
      {
        action: 'propose-resolution',
        actor: generalManager,
        data: {
          cause: 'supplier delay',
          plan: 'part from another dealer',
          costHandling: { payer: 'oem', amountCents: 1_500_000 },
        },
      },
    ],
  },
  {
    name: 'v3-other-complaint-goes-to-the-general-manager',
    commands: [
      { action: 'create', actor: cs, data: { ...intake, category: 'service_attitude' } },
      {
        action: 'verify',
        actor: cs,
        data: { ...v3Verified, problemClass: 'other', judgement: 'dissatisfaction' },
      },
      {
        action: 'propose-resolution',
        actor: serviceManager,
        data: {
          cause: 'rude advisor',
          plan: 'apology and free wash',
          costHandling: { payer: 'dealer', amountCents: 5_000 },
        },
      },
      { action: 'record-customer-reply', actor: advisor, data: { decision: 'rejected' } },
      { action: 'take-over', actor: generalManager, data: {} },
    ],
  },
  {
    name: 'v3-major-complaint-manager-joins',
    commands: [
      {
        action: 'create',
        actor: cs,
        data: { ...intake, severity: 'major', customer: { ...intake.customer, sensitive: ['vip'] } },
      },
      { action: 'verify', actor: cs, data: v3Verified },
      {
        action: 'propose-resolution',
        actor: serviceManager,
        data: { cause: 'x', plan: 'y', costHandling: v3Cost },
      },
      {
        action: 'propose-resolution',
        actor: technicalDirector,
        data: { cause: 'weld', plan: 'rework', costHandling: { payer: 'customer', amountCents: 900_000 } },
      },
    ],
  },
  {
    name: 'v3-dismissal-needs-the-service-manager',
    commands: [
      { action: 'create', actor: reception, data: { ...intake, category: 'repair_price' } },
      { action: 'dismiss', actor: cs, data: { reason: 'price as quoted' } },
      {
        action: 'dismiss',
        actor: cs,
        data: { reason: 'price as quoted', customerReply: 'showed the signed quote' },
      },
      { action: 'approve-dismissal', actor: cs, data: {} },
      { action: 'refuse-dismissal', actor: serviceManager, data: { reason: 'check the invoice again' } },
      {
        action: 'dismiss',
        actor: cs,
        data: { reason: 'the invoice matches the signed quote', customerReply: 'explained line by line' },
      },
      { action: 'approve-dismissal', actor: serviceManager, data: {} },
      { action: 'verify', actor: cs, data: v3Verified },
    ],
  },
  {
    name: 'v3-paused-clock-and-breaches',
    commands: [
      ...v3ToFeedback,
      { action: 'pause-clock', actor: cs, data: { deadline: 'feedback', reason: 'waiting_for_parts' } },
      { action: 'pause-clock', actor: advisor, data: { deadline: 'follow-up', reason: 'waiting_for_parts' } },
      { action: 'pause-clock', actor: advisor, data: { deadline: 'feedback', reason: 'lunch' } },
      { action: 'pause-clock', actor: advisor, data: { deadline: 'feedback', reason: 'waiting_for_parts' } },
      { action: 'pause-clock', actor: advisor, data: { deadline: 'feedback', reason: 'waiting_for_parts' } },
      {
        action: 'resume-clock',
        actor: advisor,
        data: { deadline: 'feedback' },
        at: '2026-03-04T09:00:00.000Z',
      },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'feedback', dueAt: '2026-03-05T09:00:00.000Z' },
        at: '2026-03-05T09:01:00.000Z',
      },
      { action: 'take-over', actor: serviceManager, data: {} },
      {
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'take-over', dueAt: '2026-03-05T17:01:00.000Z' },
        at: '2026-03-05T17:02:00.000Z',
      },
    ],
  },
  {
    name: 'v3-unsatisfied-customer-reroutes',
    commands: [
      ...v3ToFeedback,
      { action: 'report-feedback', actor: advisor, data: { result: 'refitted' } },
      { action: 'confirm-satisfaction', actor: cs, data: { satisfied: false } },
      {
        action: 'propose-resolution',
        actor: technicalDirector,
        data: { cause: 'cracked bracket', plan: 'new bracket', costHandling: v3Cost },
      },
      { action: 'record-customer-reply', actor: advisor, data: { decision: 'accepted' } },
      { action: 'receive-repair-order', actor: advisor, data: { internalOrderRef: 'IRO-2026-0303-01' } },
      { action: 'report-feedback', actor: advisor, data: { result: 'bracket replaced' } },
      { action: 'confirm-satisfaction', actor: cs, data: { satisfied: true } },
      {
        action: 'record-follow-up',
        actor: cs,
        data: { satisfaction: 'dissatisfied', notes: 'rattle again' },
      },
    ],
  },
  {
    name: 'v3-reopened-after-close',
    commands: [
      ...v3ToFollowedUp,
      { action: 'close', actor: cs, data: v3Closing },
      { action: 'reopen', actor: advisor, data: { reason: 'x' } },
      { action: 'reopen', actor: serviceManager, data: { reason: 'noise is back after two weeks' } },
    ],
  },
];

/** One person who is both customer service and service manager at the dealer (a small dealer's two hats). */
const twoHats = person('cs-and-sm-1', ['customer_service', 'service_manager'], dealer);

/**
 * Segregation of duties by person (#22): v3 lets the person who asked for a dismissal approve it when they
 * also hold the service manager's role; v4 refuses them both decisions and leaves them to another manager.
 */
const dismissalByAnotherPerson: GoldenScenario = {
  name: 'dismissal-decided-by-another-person',
  commands: [
    { action: 'create', actor: reception, data: { ...intake, category: 'repair_price' } },
    {
      action: 'dismiss',
      actor: twoHats,
      data: { reason: 'price as quoted', customerReply: 'showed the signed quote' },
    },
    { action: 'approve-dismissal', actor: twoHats, data: {} },
    { action: 'refuse-dismissal', actor: twoHats, data: { reason: 'check the invoice again' } },
    { action: 'approve-dismissal', actor: serviceManager, data: {} },
  ],
};

export const complaintScenarios: readonly GoldenScenario[] = [
  ...v1AndV2Scenarios.map((scenario) => ({ ...scenario, versions: [1, 2] })),
  ...v3Scenarios.map((scenario) => ({ ...scenario, versions: [3, 4] })),
  { ...dismissalByAnotherPerson, versions: [3, 4] },
];
