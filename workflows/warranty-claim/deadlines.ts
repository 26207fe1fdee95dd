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
];
