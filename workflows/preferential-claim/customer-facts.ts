import { textAt, vehicleAt, type CustomerFacts } from '../../libs/kernel/index.js';
import { PreferentialClaimEvents } from './events.js';

/**
 * A preferential claim names the vehicle, the customer's sensitivity (media, vip, …) and, when it settles
 * one, the complaint; its history entry's outcome is the settlement or the rejection.
 */
export const preferentialClaimCustomerFacts: CustomerFacts = {
  [PreferentialClaimEvents.opened]: (data) => ({
    ...vehicleAt(data, 'vehicle'),
    linkedCaseId: textAt(data, 'complaintId'),
    sensitivity: Array.isArray(data.customerSensitivity)
      ? data.customerSensitivity.filter((item): item is string => typeof item === 'string')
      : undefined,
  }),
  [PreferentialClaimEvents.settled]: () => ({ outcome: 'settled' }),
  [PreferentialClaimEvents.rejected]: () => ({ outcome: 'rejected' }),
};
