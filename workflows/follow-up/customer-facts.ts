import { textAt, type CustomerFacts } from '../../libs/kernel/index.js';
import { FollowUpEvents } from './events.js';

/**
 * A follow-up call names the vehicle and the service event that scheduled it (whose customer it calls); its
 * history entry's outcome is the last attempt's, then the satisfaction (a reminder's: the gateway's answer). Whoever completes the call becomes
 * the customer's responsible person (专人负责, seed 000 「客户档案应由专人负责」).
 */
export const followUpCustomerFacts: CustomerFacts = {
  [FollowUpEvents.scheduled]: (data) => ({
    vin: textAt(data, 'vin'),
    linkedCaseId: textAt(data, 'serviceEventId'),
    kind: textAt(data, 'triggerKind'),
    occurredAt: textAt(data, 'windowStartsAt'),
  }),
  [FollowUpEvents.attemptRecorded]: (data) => ({ outcome: textAt(data, 'outcome') }),
  [FollowUpEvents.completed]: (data) => ({ outcome: textAt(data, 'satisfaction'), responsibleActs: true }),
  [FollowUpEvents.cancelled]: (data) => ({ outcome: textAt(data, 'reason') }),
  // A reminder (v3) comes to what the gateway answered about it.
  [FollowUpEvents.reminderSent]: () => ({ outcome: 'sent' }),
  [FollowUpEvents.reminderFailed]: () => ({ outcome: 'failed' }),
  [FollowUpEvents.reminderReplied]: () => ({ outcome: 'replied' }),
};
