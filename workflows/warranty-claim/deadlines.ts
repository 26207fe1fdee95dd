import type { DeadlineRule } from '../../libs/kernel/index.js';
import { WarrantyClaimEvents } from './events.js';

/** The warranty claim's filing clock, in calendar days from the service (seed 002). */
export const warrantyClaimDeadlines: readonly DeadlineRule[] = [
  {
    caseType: 'warranty-claim',
    kind: 'filing',
    startOn: [{ eventType: WarrantyClaimEvents.opened, startAtField: 'serviceCompletedAt' }],
    stopOn: [WarrantyClaimEvents.submitted],
    cancelOn: [WarrantyClaimEvents.withdrawn],
    // v4: a whole-vehicle claim goes to the OEM at the determination, without a labour + parts filing.
    cancelInStates: [
      'not_eligible',
      'withdrawn',
      'rejected',
      'closed',
      'awaiting_whole_vehicle_decision',
      'whole_vehicle_approved',
    ],
    duration: 'P10D',
    warnAt: 0.8,
    calendar: 'calendar',
    accountableRole: 'claims_clerk',
    breachAction: 'record-breach',
    breachEvent: WarrantyClaimEvents.deadlineBreached,
    source: '002: claims filed within 10 days after the service',
  },
  {
    caseType: 'warranty-claim',
    kind: 'old-parts-return',
    // v2 on: a v1 claim has no return clock and its record-breach knows only 'filing'.
    startOn: [{ eventType: WarrantyClaimEvents.submitted, machineVersions: [2, 3, 4] }],
    stopOn: [WarrantyClaimEvents.oldPartsReceived],
    cancelOn: [WarrantyClaimEvents.rejected],
    cancelInStates: ['rejected', 'closed'],
    duration: 'P30D',
    warnAt: 0.8,
    calendar: 'calendar',
    accountableRole: 'claims_clerk',
    breachAction: 'record-breach',
    breachEvent: WarrantyClaimEvents.deadlineBreached,
    source:
      '002: old parts returned to the claims centre (旧件…定期返还); 30 days is a decision, the seed gives none',
  },

  {
    caseType: 'warranty-claim',
    kind: 'customer-paid-follow-up',
    // v4: the callback found the customer paid for a warranty repair; the OEM follows it up.
    startOn: [
      {
        eventType: WarrantyClaimEvents.callbackRecorded,
        when: { field: 'customerPaid', in: [true] },
        machineVersions: [4],
      },
    ],
    stopOn: [WarrantyClaimEvents.customerPaidFollowedUp],
    cancelOn: [],
    duration: 'P7D',
    warnAt: 0.8,
    calendar: 'calendar',
    accountableRole: 'oem_claims',
    breachAction: 'record-breach',
    breachEvent: WarrantyClaimEvents.deadlineBreached,
    source:
      '002: the OEM calls back asking 「是否付费」; 7 days is a decision (as seed 001 「客户表示满意后的7 天内」 gives for a visit)',
  },
];
