import { customerAt, textAt, vehicleAt, type CustomerFacts } from '../../libs/kernel/index.js';
import { ComplaintEvents } from './events.js';

/**
 * A complaint names the customer (name, phone sealed; class and sensitivity as the receiver recorded them)
 * and the vehicle; its history entry's outcome is the satisfaction confirmed or the follow-up's answer.
 */
export const complaintCustomerFacts: CustomerFacts = {
  [ComplaintEvents.received]: (data) => ({
    ...vehicleAt(data, 'vehicle'),
    ...customerAt(data, 'customer'),
    sensitivity: strings((data.customer as Record<string, unknown> | undefined)?.sensitive),
    kind: textAt(data, 'category'),
  }),
  [ComplaintEvents.satisfactionConfirmed]: (data) => ({
    outcome: data.satisfied === true ? 'satisfied' : 'not_satisfied',
  }),
  [ComplaintEvents.dismissed]: () => ({ outcome: 'dismissed' }),
  [ComplaintEvents.followUpRecorded]: (data) => ({ outcome: textAt(data, 'satisfaction') }),
};

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}
