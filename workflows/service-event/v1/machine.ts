// Frozen: released decisions never change; a rule change is a new version (docs/architecture.md "Frozen versions").
import { assign, setup } from 'xstate';
import { isDealerRole, type CaseEvent } from '../../../libs/kernel/index.js';
import { ServiceEventEvents } from '../events.js';
import type { ScheduledCall, ServiceEventContext } from '../service-event-context.js';

const text = (data: Record<string, unknown>, field: string): string =>
  typeof data[field] === 'string' ? data[field] : '';

/**
 * A service event v1: a repair, delivery, maintenance, parts purchase or technical upgrade reported by a
 * dealer's management system, recorded once with the follow-up calls the plan asked for then. It has no
 * further actions: it is the audited trigger the follow-up calls point at.
 */
export const serviceEventMachineV1 = setup({
  types: {} as { context: ServiceEventContext; events: CaseEvent },
  guards: {
    mayReport: ({ event }) =>
      event.actor.dealerId !== undefined && event.actor.roles.some((role) => isDealerRole(role)),
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
