import { uuidFromName } from '../../libs/kernel/index.js';
import type { ServiceEventContext } from '../service-event/service-event-context.js';
import type { FollowUpContext } from './follow-up-context.js';

/** What customer service adds to the prefilled complaint (validated by OpenComplaintRequestDto). */
export interface ComplaintRequest {
  readonly category: string;
  readonly severity?: string;
  readonly description?: string;
}

/**
 * The complaint's case id and command id for a follow-up: one complaint per follow-up, so a retried
 * "open complaint" opens it once.
 */
export function complaintIdFor(followUpId: string): string {
  return uuidFromName(JSON.stringify(['follow-up-complaint', followUpId]));
}

/**
 * The complaint create payload an unhappy follow-up opens (seed 002: 「如有抱怨, 经销商客户服务部要尽快处理」):
 * the customer, vehicle and repair order from the service event (as the caller may see them), received
 * by phone or e-mail as the call was made, described from the call unless customer service wrote more.
 */
export function complaintFromFollowUp(
  followUp: FollowUpContext,
  serviceEvent: Pick<ServiceEventContext, 'customer' | 'vehicle' | 'repairOrderId' | 'mileageKm'>,
  request: ComplaintRequest,
): Record<string, unknown> {
  const satisfaction = followUp.satisfaction === null ? '' : `(满意度: ${followUp.satisfaction})`;
  return {
    channel: followUp.channel === 'email' ? 'email' : 'phone',
    category: request.category,
    severity: request.severity ?? 'normal',
    customer: {
      name: serviceEvent.customer.name,
      phone: serviceEvent.customer.phone,
      class: serviceEvent.customer.class ?? 'C',
    },
    vehicle: {
      vin: serviceEvent.vehicle.vin,
      ...(serviceEvent.vehicle.plate !== undefined ? { plate: serviceEvent.vehicle.plate } : {}),
      ...(serviceEvent.vehicle.model !== undefined ? { model: serviceEvent.vehicle.model } : {}),
      ...(serviceEvent.mileageKm !== null ? { mileageKm: serviceEvent.mileageKm } : {}),
    },
    ...(serviceEvent.repairOrderId !== null ? { repairOrderId: serviceEvent.repairOrderId } : {}),
    description: request.description ?? `回访时客户表示不满${satisfaction}: ${followUp.purpose}`,
  };
}
