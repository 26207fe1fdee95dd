// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { isDealerRole, type CaseEvent } from '../../../libs/kernel/index.js';
import { CUSTOMER_LOST } from '../../follow-up/plan.js';
import { ServiceEventEvents } from '../events.js';
import type { ScheduledCall, ServiceEventContext } from '../service-event-context.js';

const text = (data: Record<string, unknown>, field: string): string =>
  typeof data[field] === 'string' ? data[field] : '';

/**
 * Version 2: as version 1, with the `customer_lost` trigger recorded only by the engine's lost-customer
 * sweep (actor `system` carrying the vehicle's dealer), and never reported by a dealer's system.
 *
 * A service event v1: a repair, delivery, maintenance, parts purchase or technical upgrade reported by a
 * dealer's management system, recorded once with the follow-up calls the plan asked for then. It has no
 * further actions: it is the audited trigger the follow-up calls point at.
 */
export const serviceEventMachineV2 = setup({
  types: {} as { context: ServiceEventContext; events: CaseEvent },
  guards: {
    // v2: a dealer's system reports visits; only the lost-customer sweep (the engine, acting for the
    // vehicle's dealer) records `customer_lost`.
    mayReport: ({ event }) =>
      event.actor.dealerId !== undefined &&
      (event.data.kind === CUSTOMER_LOST
        ? event.actor.roles.includes('system')
        : event.actor.roles.some((role) => isDealerRole(role))),
  },
}).createMachine({
  id: 'service-event',
  initial: 'none',
  context: {
    caseId: '',
    dealerId: '',
    assignedRole: null,
    externalId: '',
    kind: '',
    occurredAt: '',
    vehicle: { vin: '' },
    customer: { name: '', phone: '' },
    mileageKm: null,
    repairOrderId: null,
    followUpPlanVersion: 0,
    followUpCalls: [],
  },
  states: {
    none: {
      on: {
        [ServiceEventEvents.received]: {
          guard: 'mayReport',
          target: 'received',
          actions: assign(({ event }) => ({
            caseId: event.caseId,
            dealerId: event.actor.dealerId ?? '',
            ...(event.actor.regionId !== undefined ? { regionId: event.actor.regionId } : {}),
            externalId: text(event.data, 'externalId'),
            kind: text(event.data, 'kind'),
            occurredAt: text(event.data, 'occurredAt'),
            vehicle: event.data.vehicle as ServiceEventContext['vehicle'],
            customer: event.data.customer as ServiceEventContext['customer'],
            mileageKm: typeof event.data.mileageKm === 'number' ? event.data.mileageKm : null,
            repairOrderId: typeof event.data.repairOrderId === 'string' ? event.data.repairOrderId : null,
            followUpPlanVersion:
              typeof event.data.followUpPlanVersion === 'number' ? event.data.followUpPlanVersion : 0,
            followUpCalls: (event.data.followUpCalls ?? []) as ScheduledCall[],
          })),
        },
      },
    },
    received: {},
  },
});
