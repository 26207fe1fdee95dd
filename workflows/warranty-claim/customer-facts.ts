import { textAt, vehicleAt, type CustomerFacts } from '../../libs/kernel/index.js';
import { WarrantyClaimEvents } from './events.js';

/**
 * A warranty claim names the vehicle (no customer: the claim is between dealer and OEM); its history
 * entry's outcome is the OEM's decision, then the satisfaction of the OEM's callback.
 */
export const warrantyClaimCustomerFacts: CustomerFacts = {
  [WarrantyClaimEvents.opened]: (data) => ({
    ...vehicleAt(data, 'vehicle'),
    occurredAt: textAt(data, 'serviceCompletedAt'),
  }),
  [WarrantyClaimEvents.approved]: () => ({ outcome: 'approved' }),
  [WarrantyClaimEvents.rejected]: () => ({ outcome: 'rejected' }),
  [WarrantyClaimEvents.paid]: () => ({ outcome: 'paid' }),
  [WarrantyClaimEvents.callbackRecorded]: (data) => ({ outcome: textAt(data, 'satisfaction') }),
};
