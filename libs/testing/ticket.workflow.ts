import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseContext, type CaseEvent, type WorkflowDefinition } from '../kernel/index.js';

/**
 * A deliberately small workflow (open → acknowledged ⇄ noted → done) that exercises every engine path
 * without domain rules: engine tests, the store benchmark and examples use it.
 */
export interface TicketContext extends CaseContext {
  readonly notes: number;
  readonly title: string;
}

const ticketMachine = setup({
  types: {} as { context: TicketContext; events: CaseEvent },
  guards: {
    byOwnCustomerService: ({ context, event }) => actsInScopeAs(event.actor, 'customer_service', context),
    canOpen: ({ event }) =>
      event.actor.roles.includes('customer_service') && event.actor.dealerId !== undefined,
  },
}).createMachine({
  id: 'ticket',
  initial: 'none',
  context: { caseId: '', dealerId: '', assignedRole: null, notes: 0, title: '' },
  states: {
    none: {
      on: {
        TicketOpened: {
          guard: 'canOpen',
          target: 'open',
          actions: assign(({ event }) => ({
            caseId: event.caseId,
            dealerId: String(event.data.dealerId),
            regionId: event.data.regionId as string | undefined,
            title: String(event.data.title ?? ''),
            assignedRole: 'customer_service' as const,
          })),
        },
      },
    },
    open: {
      on: {
        TicketNoted: {
          guard: 'byOwnCustomerService',
          actions: assign(({ context }) => ({ notes: context.notes + 1 })),
        },
        TicketDone: {
          guard: 'byOwnCustomerService',
          target: 'done',
          actions: assign({ assignedRole: null }),
        },
      },
    },
    done: {},
  },
});

export const ticketWorkflow: WorkflowDefinition<TicketContext> = {
  caseType: 'ticket',
  resource: 'tickets',
  version: 1,
  machine: ticketMachine,
  create: {
    eventType: 'TicketOpened',
    roles: ['customer_service'],
    description: 'Open a ticket',
    check: (_context, data) =>
      typeof data.title === 'string' && data.title.length > 0
        ? []
        : [{ field: 'title', reason: 'must be a non-empty string' }],
  },
  actions: {
    note: { eventType: 'TicketNoted', roles: ['customer_service'], description: 'Add a note' },
    finish: { eventType: 'TicketDone', roles: ['customer_service'], description: 'Finish the ticket' },
  },
  finalStates: ['done'],
};
