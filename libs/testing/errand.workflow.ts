import { assign, setup } from 'xstate';
import { actsInScopeAs, type CaseContext, type CaseEvent, type WorkflowDefinition } from '../kernel/index.js';

/**
 * A small workflow whose cases fill every column of the case list (category, severity, kind, a due
 * instant, a linked case) and wait on two roles in turn: open → escalated (OEM claims) → open → closed.
 * Read-model specs use it to compare lists, filters and work queues across databases.
 */
export interface ErrandContext extends CaseContext {
  readonly category: string;
  readonly severity: string;
  readonly channel: string;
  readonly dueAt?: string;
  readonly originId?: string;
}

const errandMachine = setup({
  types: {} as { context: ErrandContext; events: CaseEvent },
  guards: {
    byOwnCustomerService: ({ context, event }) => actsInScopeAs(event.actor, 'customer_service', context),
    byOemClaims: ({ event }) => event.actor.roles.includes('oem_claims'),
  },
}).createMachine({
  id: 'errand',
  initial: 'none',
  context: { caseId: '', dealerId: '', assignedRole: null, category: '', severity: '', channel: '' },
  states: {
    none: {
      on: {
        ErrandOpened: {
          target: 'open',
          actions: assign(({ event }) => ({
            caseId: event.caseId,
            dealerId: String(event.data.dealerId),
            regionId: event.data.regionId as string | undefined,
            assignedRole: 'customer_service' as const,
            category: String(event.data.category),
            severity: String(event.data.severity),
            channel: String(event.data.channel),
            dueAt: event.data.dueAt as string | undefined,
            originId: event.data.originId as string | undefined,
          })),
        },
      },
    },
    open: {
      on: {
        ErrandEscalated: {
          guard: 'byOwnCustomerService',
          target: 'escalated',
          actions: assign({ assignedRole: 'oem_claims' as const }),
        },
        ErrandClosed: {
          guard: 'byOwnCustomerService',
          target: 'closed',
          actions: assign({ assignedRole: null }),
        },
      },
    },
    escalated: {
      on: {
        ErrandResolved: {
          guard: 'byOemClaims',
          target: 'open',
          actions: assign({ assignedRole: 'customer_service' as const }),
        },
      },
    },
    closed: {},
  },
});

export const errandWorkflow: WorkflowDefinition<ErrandContext> = {
  caseType: 'errand',
  resource: 'errands',
  version: 1,
  machine: errandMachine,
  create: { eventType: 'ErrandOpened', roles: ['customer_service'], description: 'Open an errand' },
  actions: {
    escalate: { eventType: 'ErrandEscalated', roles: ['customer_service'], description: 'Escalate' },
    resolve: { eventType: 'ErrandResolved', roles: ['oem_claims'], description: 'Resolve' },
    close: { eventType: 'ErrandClosed', roles: ['customer_service'], description: 'Close' },
  },
  finalStates: ['closed'],
  listFacets: {
    category: 'category',
    severity: 'severity',
    kind: 'channel',
    dueAt: 'dueAt',
    linkedCaseId: 'originId',
  },
};
