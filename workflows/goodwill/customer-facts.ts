import { textAt, type CustomerFacts } from '../../libs/kernel/index.js';
import { GoodwillEvents } from './events.js';

/**
 * A goodwill application names no vehicle of its own: it settles a complaint, whose vehicle and customer
 * it shares; its history entry's outcome is the settlement or the rejection.
 */
export const goodwillCustomerFacts: CustomerFacts = {
  [GoodwillEvents.submitted]: (data) => ({ linkedCaseId: textAt(data, 'complaintId') }),
  [GoodwillEvents.settled]: () => ({ outcome: 'settled' }),
  [GoodwillEvents.rejected]: () => ({ outcome: 'rejected' }),
};
