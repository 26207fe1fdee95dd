import { customerAt, textAt, vehicleAt, type CustomerFacts } from '../../libs/kernel/index.js';
import { CUSTOMER_LOST } from '../follow-up/plan.js';
import { ServiceEventEvents } from './events.js';

/**
 * A service event names the customer (sealed), their class as the dealer's system reports it, and the
 * vehicle. Every kind but `customer_lost` is a visit (the vehicle came to the dealer); `customer_lost` is
 * the callback the lost-customer sweep scheduled, noted so the sweep schedules it once per lapse.
 */
export const serviceEventCustomerFacts: CustomerFacts = {
  [ServiceEventEvents.received]: (data) => {
    const kind = textAt(data, 'kind');
    return {
      ...vehicleAt(data, 'vehicle'),
      ...customerAt(data, 'customer'),
      kind,
      occurredAt: textAt(data, 'occurredAt'),
      visit: kind !== CUSTOMER_LOST,
      lapseNoted: kind === CUSTOMER_LOST,
    };
  },
};
