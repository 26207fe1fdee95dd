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
    cancelInStates: ['not_eligible', 'withdrawn', 'rejected', 'closed'],
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
    // v2 and v3 only: a v1 claim has no return clock and its record-breach knows only 'filing'.
    startOn: [{ eventType: WarrantyClaimEvents.submitted, machineVersions: [2, 3] }],
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
];
