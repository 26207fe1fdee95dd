import type { WorkflowDefinition } from '../../libs/kernel/index.js';
import type { ComplaintContext } from './complaint-context.js';
import { ComplaintEvents } from './events.js';
import { complaintMachineV1 } from './v1/machine.js';
import { complaintMachineV2 } from './v2/machine.js';

/** The complaint workflow, version 1: names the engine and the HTTP API use around the machine. */
export const complaintWorkflowV1: WorkflowDefinition<ComplaintContext> = {
  caseType: 'complaint',
  resource: 'complaints',
  version: 1,
  machine: complaintMachineV1,
  create: {
    eventType: ComplaintEvents.received,
    roles: ['reception', 'customer_service'],
    description: 'Register a complaint (受理投诉); the receiving dealer owns it.',
    personalData: ['customer.name', 'customer.phone'],
  },
  actions: {
    verify: {
      eventType: ComplaintEvents.verified,
      roles: ['customer_service'],
      description: 'Verify against the repair order and register (核实情况) and route by problem class.',
    },
    dismiss: {
      eventType: ComplaintEvents.dismissed,
      roles: ['customer_service'],
      description: 'Close a groundless complaint after verification, with the reason.',
    },
    'propose-resolution': {
      eventType: ComplaintEvents.resolutionProposed,
      roles: ['parts_manager', 'technical_director', 'service_manager', 'general_manager'],
      description: 'The assigned handler (or the manager it was escalated to) states cause and plan.',
    },
    'record-customer-reply': {
      eventType: ComplaintEvents.customerReplied,
      roles: ['customer_service', 'service_advisor'],
      description: 'The customer accepts the plan, or rejects it (which escalates one level).',
    },
    'report-feedback': {
      eventType: ComplaintEvents.feedbackReported,
      roles: ['service_advisor'],
      description: 'The service advisor reports how it was handled (within 24 h of routing).',
    },
    'confirm-satisfaction': {
      eventType: ComplaintEvents.satisfactionConfirmed,
      roles: ['customer_service'],
      description: 'Customer service tells the customer and records whether they are satisfied.',
    },
    'record-follow-up': {
      eventType: ComplaintEvents.followUpRecorded,
      roles: ['customer_service'],
      description: 'The 7-day follow-up on the 7-level scale; a dissatisfied customer reopens the case.',
    },
    escalate: {
      eventType: ComplaintEvents.escalated,
      roles: ['customer_service', 'service_manager'],
      description: 'Escalate one level: service manager, then general manager.',
    },
    close: {
      eventType: ComplaintEvents.closed,
      roles: ['customer_service'],
      description: 'Close the complaint after the follow-up.',
    },
    reopen: {
      eventType: ComplaintEvents.reopened,
      roles: ['customer_service', 'service_manager'],
      description: 'Reopen a closed complaint, with the reason; it goes back to its handler.',
    },
    'record-breach': {
      eventType: ComplaintEvents.deadlineBreached,
      roles: ['system'],
      description: 'Recorded by the SLA sweeper when a deadline passes; escalates one level.',
    },
  },
  finalStates: ['closed', 'dismissed'],
  listFacets: { category: 'category', severity: 'severity' },
};

/**
 * Version 2: the same actions and events, with VIP and key-account customers major at intake. New
 * complaints start on v2; complaints opened under v1 keep v1 for their whole life (ARCHITECTURE.md).
 */
export const complaintWorkflowV2: WorkflowDefinition<ComplaintContext> = {
  ...complaintWorkflowV1,
  version: 2,
  machine: complaintMachineV2,
};
