import type { LapsedVehicle, LostCustomerCallback } from '../../libs/kernel/index.js';
import { FOLLOW_UP, SERVICE_EVENT } from '../follow-up/case-types.js';
import { CUSTOMER_LOST } from '../follow-up/plan.js';
import { followUpsToSchedule, serviceEventId } from './follow-up-schedule.js';
import type { ServiceEventContext } from './service-event-context.js';

/**
 * The lost customer's callback is a service event of kind `customer_lost` (its follow-up calls come from
 * the plan's `customer_lost` entry). Its external id names the vehicle and the visit it lapsed since, so
 * the same lapse is recorded once however often the sweep runs; a new visit starts a new lapse.
 */
export const lostCustomerCallback: LostCustomerCallback = {
  record(vehicle: LapsedVehicle, at: string) {
    const externalId = `lost:${vehicle.vin}:${vehicle.lastVisitAt}`;
    const id = serviceEventId(vehicle.dealerId, externalId);
    return {
      caseType: SERVICE_EVENT,
      caseId: id,
      commandId: id,
      action: 'create',
      data: {
        externalId,
        kind: CUSTOMER_LOST,
        occurredAt: at,
        vehicle: {
          vin: vehicle.vin,
          ...(vehicle.plate !== undefined ? { plate: vehicle.plate } : {}),
          ...(vehicle.model !== undefined ? { model: vehicle.model } : {}),
        },
        customer: {
          name: vehicle.customer.name,
          phone: vehicle.customer.phone,
          ...(vehicle.customer.class !== undefined ? { class: vehicle.customer.class } : {}),
        },
      },
    };
  },
  followOn(context) {
    return followUpsToSchedule(context as unknown as ServiceEventContext).map((call) => ({
      caseType: FOLLOW_UP,
      caseId: call.caseId,
      commandId: call.commandId,
      action: 'create',
      data: call.data,
    }));
  },
};
