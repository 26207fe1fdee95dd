import { describe, expect, it } from '@jest/globals';
import {
  ForbiddenError,
  SYSTEM_ACTOR,
  TransitionNotAllowedError,
  type Role,
} from '../../libs/kernel/index.js';
import { actorAs, DEALER, OTHER_DEALER, REGION, specify, type GivenEvent } from '../../libs/testing/index.js';
import { complaintWorkflowV1 } from './complaint.workflow.js';
import { SATISFACTION_LEVELS } from './events.js';

const complaint = specify(complaintWorkflowV1);
const reception = actorAs('reception');
const cs = actorAs('customer_service');
const advisor = actorAs('service_advisor');
const technicalDirector = actorAs('technical_director');
const partsManager = actorAs('parts_manager');
const serviceManager = actorAs('service_manager');
const generalManager = actorAs('general_manager');
const foreignCs = actorAs('customer_service', { id: 'cs-d002', dealerId: OTHER_DEALER });

const intake = {
  channel: 'walk_in',
  category: 'repair_technique',
  severity: 'normal',
  customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
  vehicle: { vin: 'LSVAU2180N2183294' },
  description: 'engine noise after repair',
  dealerId: DEALER,
  regionId: REGION,
};

const received: GivenEvent = { type: 'ComplaintReceived', data: intake, actor: cs };
const verified = (problemClass = 'technical'): GivenEvent => ({
  type: 'ComplaintVerified',
  data: { findings: 'confirmed', problemClass },
  actor: cs,
});
const proposed = (by = technicalDirector): GivenEvent => ({
  type: 'ComplaintResolutionProposed',
  data: { cause: 'loose heat shield', plan: 'refit' },
  actor: by,
});
const replied = (decision: 'accepted' | 'rejected'): GivenEvent => ({
  type: 'ComplaintCustomerReplied',
  data: { decision },
  actor: cs,
});
const feedback: GivenEvent = { type: 'ComplaintFeedbackReported', data: { result: 'fixed' }, actor: advisor };
const satisfied = (value: boolean): GivenEvent => ({
  type: 'ComplaintSatisfactionConfirmed',
  data: { satisfied: value },
  actor: cs,
});
const followUp = (satisfaction: string): GivenEvent => ({
  type: 'ComplaintFollowUpRecorded',
  data: { satisfaction },
  actor: cs,
});
const closed: GivenEvent = { type: 'ComplaintClosed', data: {}, actor: cs };
const breach = (kind = 'feedback'): GivenEvent => ({
  type: 'ComplaintDeadlineBreached',
  data: { kind, dueAt: '2026-03-03T09:00:00.000Z' },
  actor: SYSTEM_ACTOR,
});

const toFollowUp = [received, verified(), proposed(), replied('accepted'), feedback, satisfied(true)];

describe('complaint v1: intake', () => {
  it.each([
    ['reception', reception],
    ['customer_service', cs],
  ])('%s of a dealer registers a complaint owned by that dealer', (_role, actor) => {
    complaint
      .given()
      .when({ action: 'create', actor, data: { ...intake, dealerId: undefined, regionId: undefined } })
      .then({
        type: 'ComplaintReceived',
        toState: 'received',
        context: {
          dealerId: DEALER,
          regionId: REGION,
          assignedRole: 'customer_service',
          escalationLevel: 0,
          major: false,
        },
      });
  });

  it.each(['service_advisor', 'service_manager', 'oem_claims', 'auditor'] as Role[])(
    '%s may not register a complaint',
    (role) => {
      complaint
        .given()
        .when({ action: 'create', actor: actorAs(role), data: intake })
        .thenThrows(ForbiddenError);
    },
  );

  it('refuses an OEM or national actor without a dealer', () => {
    complaint
      .given()
      .when({ action: 'create', actor: { id: 'x', roles: ['customer_service'] }, data: intake })
      .thenThrows(ForbiddenError);
  });

  it.each([
    ['severity major', { severity: 'major' }],
    ['a safety issue', { safety: true }],
    ['an authority referral', { channel: 'authority_referral' }],
    ['a media customer', { customer: { ...intake.customer, sensitive: ['media'] } }],
  ])('escalates a major complaint at intake: %s', (_why, change) => {
    const decision = complaint
      .given()
      .when({ action: 'create', actor: cs, data: { ...intake, ...change } })
      .then({ type: 'ComplaintReceived', toState: 'received', context: { major: true, escalationLevel: 1 } });
    expect((decision.snapshot.context as { escalations: unknown[] }).escalations).toHaveLength(1);
  });

  it('does not treat a VIP customer as major on its own', () => {
    complaint
      .given()
      .when({
        action: 'create',
        actor: cs,
        data: { ...intake, customer: { ...intake.customer, sensitive: ['vip'] } },
      })
      .then({ type: 'ComplaintReceived', context: { major: false, escalationLevel: 0 } });
  });
});

describe('complaint v1: verification and routing', () => {
  it.each([
    ['parts', 'parts_manager'],
    ['technical', 'technical_director'],
    ['other', 'service_manager'],
  ])('routes a %s problem to the %s', (problemClass, role) => {
    complaint
      .given(received)
      .when({ action: 'verify', actor: cs, data: { findings: 'checked RO', problemClass } })
      .then({
        type: 'ComplaintVerified',
        toState: 'routed',
        context: { routedTo: role, assignedRole: role },
      });
  });

  it('routes a major complaint to the service manager whatever the problem class', () => {
    complaint
      .given({ ...received, data: { ...intake, severity: 'major' } })
      .when({ action: 'verify', actor: cs, data: { findings: 'x', problemClass: 'parts' } })
      .then({
        type: 'ComplaintVerified',
        context: { routedTo: 'parts_manager', assignedRole: 'service_manager' },
      });
  });

  it.each([
    ['reception', reception],
    ['service advisor', advisor],
    ['customer service of another dealer', foreignCs],
  ])('refuses verification by %s', (_who, actor) => {
    complaint
      .given(received)
      .when({ action: 'verify', actor, data: { problemClass: 'parts' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('dismisses a groundless complaint with the reason', () => {
    complaint
      .given(received)
      .when({ action: 'dismiss', actor: cs, data: { reason: 'vehicle never serviced here' } })
      .then({
        type: 'ComplaintDismissed',
        toState: 'dismissed',
        context: { dismissalReason: 'vehicle never serviced here', assignedRole: null },
      });
  });

  it('does not dismiss after routing', () => {
    complaint
      .given(received, verified())
      .when({ action: 'dismiss', actor: cs, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('offers customer service verify, dismiss and escalate on a received complaint', () => {
    expect(complaint.given(received).allowedActionsFor(cs)).toEqual(['verify', 'dismiss', 'escalate']);
    expect(complaint.given(received).allowedActionsFor(foreignCs)).toEqual([]);
  });
});

describe('complaint v1: resolution and customer reply', () => {
  it('lets the routed handler propose a resolution', () => {
    complaint
      .given(received, verified('parts'))
      .when({
        action: 'propose-resolution',
        actor: partsManager,
        data: { cause: 'back-order', plan: 'express part' },
      })
      .then({
        type: 'ComplaintResolutionProposed',
        toState: 'awaiting_customer_reply',
        context: {
          assignedRole: 'customer_service',
          resolution: { proposedBy: partsManager.id, proposedAs: 'parts_manager' },
        },
      });
  });

  it.each([
    ['another handler role', partsManager],
    ['customer service', cs],
    ['the handler role at another dealer', actorAs('technical_director', { dealerId: OTHER_DEALER })],
  ])('refuses a proposal by %s', (_who, actor) => {
    complaint
      .given(received, verified('technical'))
      .when({ action: 'propose-resolution', actor, data: { cause: 'x', plan: 'y' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('shows the handler exactly its action', () => {
    expect(complaint.given(received, verified('technical')).allowedActionsFor(technicalDirector)).toEqual([
      'propose-resolution',
    ]);
  });

  it.each([
    ['customer service', cs],
    ['a service advisor', advisor],
  ])('records an accepted plan from %s and hands over to the service advisor', (_who, actor) => {
    complaint
      .given(received, verified(), proposed())
      .when({ action: 'record-customer-reply', actor, data: { decision: 'accepted' } })
      .then({
        type: 'ComplaintCustomerReplied',
        toState: 'awaiting_feedback',
        context: { assignedRole: 'service_advisor' },
      });
  });

  it('escalates to the service manager when the customer rejects the plan', () => {
    complaint
      .given(received, verified(), proposed())
      .when({
        action: 'record-customer-reply',
        actor: cs,
        data: { decision: 'rejected', notes: 'wants a new engine' },
      })
      .then({
        type: 'ComplaintCustomerReplied',
        toState: 'routed',
        context: { escalationLevel: 1, assignedRole: 'service_manager', rejectedResolutions: 1 },
      });
  });

  it('escalates to the general manager on a second rejection, and the general manager proposes next', () => {
    const given = complaint.given(
      received,
      verified(),
      proposed(),
      replied('rejected'),
      proposed(serviceManager),
      replied('rejected'),
    );
    expect(given.stateName).toBe('routed');
    expect(given.context).toMatchObject({
      escalationLevel: 2,
      assignedRole: 'general_manager',
      rejectedResolutions: 2,
    });
    expect(given.allowedActionsFor(generalManager)).toEqual(['propose-resolution']);
    expect(given.allowedActionsFor(serviceManager)).toEqual([]);
  });

  it('keeps a third rejection with the general manager', () => {
    complaint
      .given(
        received,
        verified(),
        proposed(),
        replied('rejected'),
        proposed(serviceManager),
        replied('rejected'),
        proposed(generalManager),
      )
      .when({ action: 'record-customer-reply', actor: cs, data: { decision: 'rejected' } })
      .then({
        type: 'ComplaintCustomerReplied',
        toState: 'routed',
        context: { escalationLevel: 2, assignedRole: 'general_manager' },
      });
  });

  it('refuses a reply from the handler', () => {
    complaint
      .given(received, verified(), proposed())
      .when({ action: 'record-customer-reply', actor: technicalDirector, data: { decision: 'accepted' } })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('complaint v1: feedback, satisfaction, follow-up and close', () => {
  it('takes the 24 h feedback from the service advisor', () => {
    complaint
      .given(received, verified(), proposed(), replied('accepted'))
      .when({
        action: 'report-feedback',
        actor: advisor,
        data: { result: 'heat shield refitted, noise gone' },
      })
      .then({
        type: 'ComplaintFeedbackReported',
        toState: 'awaiting_satisfaction',
        context: { assignedRole: 'customer_service' },
      });
  });

  it('refuses feedback from customer service', () => {
    complaint
      .given(received, verified(), proposed(), replied('accepted'))
      .when({ action: 'report-feedback', actor: cs, data: { result: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('starts the follow-up when the customer is satisfied', () => {
    complaint
      .given(received, verified(), proposed(), replied('accepted'), feedback)
      .when({ action: 'confirm-satisfaction', actor: cs, data: { satisfied: true } })
      .then({
        type: 'ComplaintSatisfactionConfirmed',
        toState: 'awaiting_follow_up',
        context: { satisfied: true },
      });
  });

  it('sends an unsatisfied customer back for a new plan one level up', () => {
    complaint
      .given(received, verified(), proposed(), replied('accepted'), feedback)
      .when({ action: 'confirm-satisfaction', actor: cs, data: { satisfied: false } })
      .then({
        type: 'ComplaintSatisfactionConfirmed',
        toState: 'routed',
        context: { escalationLevel: 1, assignedRole: 'service_manager' },
      });
  });

  it.each(SATISFACTION_LEVELS.slice(0, 4))('records a %s follow-up and waits for the close', (level) => {
    complaint
      .given(...toFollowUp)
      .when({ action: 'record-follow-up', actor: cs, data: { satisfaction: level } })
      .then({
        type: 'ComplaintFollowUpRecorded',
        toState: 'followed_up',
        context: { followUp: { satisfaction: level } },
      });
  });

  it.each(SATISFACTION_LEVELS.slice(4))('reopens the case automatically on a %s follow-up', (level) => {
    complaint
      .given(...toFollowUp)
      .when({ action: 'record-follow-up', actor: cs, data: { satisfaction: level } })
      .then({
        type: 'ComplaintFollowUpRecorded',
        toState: 'routed',
        context: { reopenCount: 1, assignedRole: 'technical_director', resolution: null },
      });
  });

  it('closes after the follow-up', () => {
    complaint
      .given(...toFollowUp, followUp('satisfied'))
      .when({ action: 'close', actor: cs })
      .then({
        type: 'ComplaintClosed',
        toState: 'closed',
        context: { assignedRole: null, closedAt: '2026-03-02T09:00:00.000Z' },
      });
  });

  it('does not close before the follow-up', () => {
    complaint
      .given(...toFollowUp)
      .when({ action: 'close', actor: cs })
      .thenThrows(TransitionNotAllowedError, {
        allowedActions: ['record-follow-up', 'escalate'],
      });
  });
});

describe('complaint v1: escalation', () => {
  it.each([
    ['customer service', cs],
    ['the service manager', serviceManager],
  ])('%s escalates on request, and the service manager takes the case', (_who, actor) => {
    complaint
      .given(received, verified('parts'))
      .when({ action: 'escalate', actor, data: { reason: 'customer threatens media' } })
      .then({
        type: 'ComplaintEscalated',
        toState: 'routed',
        context: { escalationLevel: 1, assignedRole: 'service_manager' },
      });
  });

  it('escalates a second time to the general manager and no further', () => {
    const twice = complaint.given(
      received,
      verified(),
      { type: 'ComplaintEscalated', data: { reason: 'a' }, actor: cs },
      { type: 'ComplaintEscalated', data: { reason: 'b' }, actor: serviceManager },
    );
    expect(twice.context).toMatchObject({ escalationLevel: 2, assignedRole: 'general_manager' });
    twice
      .when({ action: 'escalate', actor: cs, data: { reason: 'c' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it.each([
    ['a service advisor', advisor],
    ['the general manager', generalManager],
    ['another dealer', foreignCs],
  ])('refuses escalation by %s', (_who, actor) => {
    complaint
      .given(received, verified())
      .when({ action: 'escalate', actor, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('escalates when the SLA sweeper records a missed feedback deadline', () => {
    complaint
      .given(received, verified())
      .when({
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'feedback', dueAt: '2026-03-03T09:00:00.000Z' },
      })
      .then({
        type: 'ComplaintDeadlineBreached',
        toState: 'routed',
        context: { escalationLevel: 1, assignedRole: 'service_manager', breaches: [{ kind: 'feedback' }] },
      });
  });

  it('records a missed follow-up and escalates without changing who acts next', () => {
    complaint
      .given(...toFollowUp)
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'follow-up', dueAt: 'x' } })
      .then({
        type: 'ComplaintDeadlineBreached',
        toState: 'awaiting_follow_up',
        context: { escalationLevel: 1, assignedRole: 'customer_service' },
      });
  });

  it('records a breach at the top level without escalating further', () => {
    complaint
      .given(received, verified(), breach(), breach())
      .when({ action: 'record-breach', actor: SYSTEM_ACTOR, data: { kind: 'feedback', dueAt: 'x' } })
      .then({ type: 'ComplaintDeadlineBreached', context: { escalationLevel: 2 } });
  });

  it('refuses a breach from a person', () => {
    complaint
      .given(received, verified())
      .when({ action: 'record-breach', actor: cs, data: { kind: 'feedback' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('never offers record-breach to people', () => {
    expect(complaint.given(received, verified()).allowedActionsFor(serviceManager)).toEqual(['escalate']);
  });

  it('does not escalate a closed complaint', () => {
    complaint
      .given(...toFollowUp, followUp('satisfied'), closed)
      .when({ action: 'escalate', actor: cs, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('complaint v1: reopening', () => {
  const closedCase = [...toFollowUp, followUp('satisfied'), closed];

  it.each([
    ['customer service', cs],
    ['the service manager', serviceManager],
  ])('%s reopens a closed complaint back to its handler', (_who, actor) => {
    complaint
      .given(...closedCase)
      .when({ action: 'reopen', actor, data: { reason: 'noise is back' } })
      .then({
        type: 'ComplaintReopened',
        toState: 'routed',
        context: {
          reopenCount: 1,
          reopenReasons: ['noise is back'],
          assignedRole: 'technical_director',
          closedAt: null,
        },
      });
  });

  it.each([
    ['a service advisor', advisor],
    ['another dealer', foreignCs],
  ])('refuses a reopen by %s', (_who, actor) => {
    complaint
      .given(...closedCase)
      .when({ action: 'reopen', actor, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('does not reopen a dismissed complaint', () => {
    complaint
      .given(received, { type: 'ComplaintDismissed', data: { reason: 'x' }, actor: cs })
      .when({ action: 'reopen', actor: cs, data: { reason: 'y' } })
      .thenThrows(TransitionNotAllowedError, { state: 'dismissed', allowedActions: [] });
  });

  it('runs the full cycle again after a reopen', () => {
    const reopened = complaint.given(...closedCase, {
      type: 'ComplaintReopened',
      data: { reason: 'again' },
      actor: cs,
    });
    expect(reopened.allowedActionsFor(technicalDirector)).toEqual(['propose-resolution']);
  });
});
