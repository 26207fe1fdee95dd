import { describe, expect, it } from '@jest/globals';
import {
  SYSTEM_ACTOR,
  TransitionNotAllowedError,
  ValidationFailedError,
  type Actor,
} from '../../../libs/kernel/index.js';
import { actorAs, DEALER, REGION, specify, type GivenEvent } from '../../../libs/testing/index.js';
import type { ComplaintContextV3 } from './complaint-context.js';
import { complaintWorkflowV3 } from './complaint.workflow.js';

const complaint = specify(complaintWorkflowV3);
const cs = actorAs('customer_service');
const advisor = actorAs('service_advisor');
const technicalDirector = actorAs('technical_director');
const partsManager = actorAs('parts_manager');
const serviceManager = actorAs('service_manager');
const generalManager = actorAs('general_manager');

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
const cost = { payer: 'dealer', amountCents: 80_000, currency: 'CNY' };

const received = (change: Record<string, unknown> = {}): GivenEvent => ({
  type: 'ComplaintReceived',
  data: { ...intake, ...change },
  actor: cs,
});
const verified = (problemClass = 'technical'): GivenEvent => ({
  type: 'ComplaintVerified',
  data: { findings: 'confirmed', problemClass, judgement: 'defect' },
  actor: cs,
});
const proposed = (by: Actor = technicalDirector): GivenEvent => ({
  type: 'ComplaintResolutionProposed',
  data: { cause: 'loose heat shield', plan: 'refit', costHandling: cost },
  actor: by,
});
const replied = (decision: 'accepted' | 'rejected'): GivenEvent => ({
  type: 'ComplaintCustomerReplied',
  data: { decision },
  actor: advisor,
});
const orderReceived: GivenEvent = {
  type: 'ComplaintRepairOrderReceived',
  data: { internalOrderRef: 'IRO-17' },
  actor: advisor,
};
const feedback: GivenEvent = { type: 'ComplaintFeedbackReported', data: { result: 'fixed' }, actor: advisor };
const satisfied = (value: boolean): GivenEvent => ({
  type: 'ComplaintSatisfactionConfirmed',
  data: { satisfied: value },
  actor: cs,
});
const followUp: GivenEvent = {
  type: 'ComplaintFollowUpRecorded',
  data: { satisfaction: 'satisfied' },
  actor: cs,
};
const escalated = (by: Actor = cs): GivenEvent => ({
  type: 'ComplaintEscalated',
  data: { reason: 'customer called the hotline' },
  actor: by,
});

const contextOf = (decision: { snapshot: { context: unknown } }) =>
  decision.snapshot.context as ComplaintContextV3;

describe('complaint v3: escalation moves the case one level above its current holder', () => {
  // 001: 「不能及时处理的问题,要分级上报」;「总经理接到下级报告后…出具意见和解决方案」
  it('takes a complaint routed to the service manager (other) straight to the general manager on its first escalation', () => {
    const decision = complaint
      .given(received(), verified('other'))
      .when({ action: 'escalate', actor: cs, data: { reason: 'customer rejects any delay' } })
      .then({
        type: 'ComplaintEscalated',
        toState: 'routed',
        data: { escalatesTo: 'general_manager' },
        context: { escalationLevel: 2, assignedRole: 'general_manager', authorityLimitCents: 5_000_000 },
      });
    expect(contextOf(decision).clocks['take-over']).toBe('running');
  });

  it('takes a technical complaint to the service manager first, then to the general manager', () => {
    const once = complaint.given(received(), verified('technical'), escalated());
    expect(once.context).toMatchObject({ escalationLevel: 1, assignedRole: 'service_manager' });
    once
      .when({ action: 'escalate', actor: serviceManager, data: { reason: 'outside my authority' } })
      .then({ type: 'ComplaintEscalated', context: { escalationLevel: 2, assignedRole: 'general_manager' } });
  });

  it('moves up on the first rejected plan of an `other` complaint: the general manager, not the service manager', () => {
    complaint
      .given(received(), verified('other'), proposed(serviceManager))
      .when({ action: 'record-customer-reply', actor: advisor, data: { decision: 'rejected' } })
      .then({
        type: 'ComplaintCustomerReplied',
        toState: 'routed',
        data: { escalatesTo: 'general_manager' },
        context: { escalationLevel: 2, assignedRole: 'general_manager' },
      });
  });

  it('gives the escalated manager an action to take the case over, which stops their clock', () => {
    const given = complaint.given(received(), verified('technical'), escalated());
    expect(given.allowedActionsFor(serviceManager)).toContain('take-over');
    const decision = given.when({ action: 'take-over', actor: serviceManager }).then({
      type: 'ComplaintTakenOver',
      context: { takenOver: { by: serviceManager.id, as: 'service_manager' } },
    });
    expect(contextOf(decision).clocks['take-over']).toBe('stopped');
  });

  it('does not offer escalation above the general manager', () => {
    const top = complaint.given(received(), verified('other'), escalated());
    expect(top.allowedActionsFor(cs)).not.toContain('escalate');
    expect(top.allowedActionsFor(generalManager)).not.toContain('escalate');
  });

  it.each([
    ['technical_director', technicalDirector, 'technical'],
    ['parts_manager', partsManager, 'parts'],
  ])('lets the %s escalate their own case', (_role, handler, problemClass) => {
    complaint
      .given(received(), verified(problemClass))
      .when({ action: 'escalate', actor: handler, data: { reason: 'needs a goodwill decision' } })
      .then({ type: 'ComplaintEscalated', context: { escalationLevel: 1, assignedRole: 'service_manager' } });
  });

  it('does not let a handler escalate a case it does not hold', () => {
    complaint
      .given(received(), verified('technical'))
      .when({ action: 'escalate', actor: partsManager, data: { reason: 'x' } })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('complaint v3: major complaints', () => {
  // 001: 「服务经理负责参与处理重大客户投诉」 — the manager joins; the handler still finds the cause and proposes.
  it('has the service manager join a major complaint while the technical director keeps the plan', () => {
    const given = complaint.given(received({ severity: 'major' }), verified('technical'));
    expect(given.context).toMatchObject({
      major: true,
      managerJoined: true,
      escalationLevel: 0,
      assignedRole: 'technical_director',
    });
    expect(given.allowedActionsFor(technicalDirector)).toContain('propose-resolution');
    expect(given.allowedActionsFor(serviceManager)).not.toContain('propose-resolution');
    expect(given.allowedActionsFor(serviceManager)).toContain('escalate');
  });
});

describe('complaint v3: the plan, the service advisor and the feedback clock', () => {
  // 001: 「并将处理方案告知服务顾问」
  it('hands the proposed plan to the service advisor', () => {
    complaint
      .given(received(), verified())
      .when({
        action: 'propose-resolution',
        actor: technicalDirector,
        data: { cause: 'loose heat shield', plan: 'refit', costHandling: cost },
      })
      .then({
        type: 'ComplaintResolutionProposed',
        toState: 'awaiting_customer_reply',
        context: { assignedRole: 'service_advisor', proposedCost: { payer: 'dealer', amountCents: 80_000 } },
      });
  });

  // 001: 「服务顾问在收到《维修委托书》的24小时内及时将处理过程和结果告知客户服务人员」
  it('starts the feedback clock only when the service advisor receives the internal repair order', () => {
    const accepted = complaint.given(received(), verified(), proposed(), replied('accepted'));
    expect(accepted.stateName).toBe('awaiting_repair_order');
    expect(accepted.context?.clocks.feedback).toBe('idle');
    expect(accepted.allowedActionsFor(advisor)).toContain('receive-repair-order');
    const decision = accepted
      .when({ action: 'receive-repair-order', actor: advisor, data: { internalOrderRef: 'IRO-17' } })
      .then({ type: 'ComplaintRepairOrderReceived', toState: 'awaiting_feedback' });
    expect(contextOf(decision).clocks.feedback).toBe('running');
  });

  // 001: 「根据《服务准确性指标监控管理方法》处理维修费用等事宜」
  it('records the cost handling the customer agreed to', () => {
    const accepted = complaint.given(received(), verified(), proposed(), replied('accepted'));
    expect(accepted.context?.agreedCost).toMatchObject({ payer: 'dealer', amountCents: 80_000 });
  });

  it('refuses a plan without cost handling, naming the field', () => {
    const error = complaint
      .given(received(), verified())
      .when({ action: 'propose-resolution', actor: technicalDirector, data: { cause: 'x', plan: 'y' } })
      .thenThrows(ValidationFailedError);
    expect(error.errors.map((problem) => problem.field)).toEqual(['costHandling']);
  });

  // 001, 服务经理: 「在权限范围内立即提供具体处理方案和意见」
  it('refuses a plan above the holder’s authority limit, naming the amount', () => {
    const error = complaint
      .given(received(), verified())
      .when({
        action: 'propose-resolution',
        actor: technicalDirector,
        data: { cause: 'x', plan: 'y', costHandling: { payer: 'dealer', amountCents: 200_001 } },
      })
      .thenThrows(ValidationFailedError);
    expect(error.errors).toEqual([
      expect.objectContaining({
        field: 'costHandling.amountCents',
        reason: expect.stringContaining('权限范围'),
      }),
    ]);
  });

  it('charges a breach to the role holding the case when it ran out, and moves the case up', () => {
    complaint
      .given(received(), verified(), proposed(), replied('accepted'), orderReceived)
      .when({
        action: 'record-breach',
        actor: SYSTEM_ACTOR,
        data: { kind: 'feedback', dueAt: '2026-03-03T09:00:00.000Z' },
      })
      .then({
        type: 'ComplaintDeadlineBreached',
        toState: 'routed',
        data: { accountableRole: 'service_advisor', escalatesTo: 'service_manager' },
        context: { escalationLevel: 1, assignedRole: 'service_manager' },
      });
  });
});

describe('complaint v3: judgement, root cause and re-routing', () => {
  // 001, 投诉处理员: 「准确判断问题是不良…、还是不满…或客户的过失造成」
  it('records the judgement at verification', () => {
    complaint
      .given(received())
      .when({
        action: 'verify',
        actor: cs,
        data: { findings: 'meets the standard', problemClass: 'other', judgement: 'dissatisfaction' },
      })
      .then({ type: 'ComplaintVerified', context: { judgement: 'dissatisfaction' } });
  });

  it('refuses a verification without the judgement', () => {
    const error = complaint
      .given(received())
      .when({ action: 'verify', actor: cs, data: { findings: 'x', problemClass: 'other' } })
      .thenThrows(ValidationFailedError);
    expect(error.errors.map((problem) => problem.field)).toEqual(['judgement']);
  });

  // 001: 「跟进方案进行的情况。预防问题重蹈覆辙。」
  it('closes with the root cause and the preventive action', () => {
    const toClose = [received(), verified(), proposed(), replied('accepted'), orderReceived, feedback];
    complaint
      .given(...toClose, satisfied(true), followUp)
      .when({
        action: 'close',
        actor: cs,
        data: { rootCause: 'heat shield clip missing', preventiveAction: 'check clips at every service' },
      })
      .then({
        type: 'ComplaintClosed',
        toState: 'closed',
        context: { rootCause: 'heat shield clip missing' },
      });
    const error = complaint
      .given(...toClose, satisfied(true), followUp)
      .when({ action: 'close', actor: cs, data: {} })
      .thenThrows(ValidationFailedError);
    expect(error.errors.map((problem) => problem.field)).toEqual(['rootCause', 'preventiveAction']);
  });

  it('sends an unsatisfied customer back to the holder with a new feedback clock', () => {
    const decision = complaint
      .given(received(), verified(), proposed(), replied('accepted'), orderReceived, feedback)
      .when({ action: 'confirm-satisfaction', actor: cs, data: { satisfied: false } })
      .then({
        type: 'ComplaintSatisfactionConfirmed',
        toState: 'routed',
        context: { assignedRole: 'technical_director', escalationLevel: 0, resolution: null },
      });
    expect(contextOf(decision).clocks.feedback).toBe('running');
  });
});

describe('complaint v3: dismissal needs the service manager and a reply to the customer', () => {
  // 001 首问责任制: 「第一个受理客户投诉的经销商必须全权解答客户投诉并确保客户满意」
  it('turns customer service’s dismissal into a request the service manager decides', () => {
    const given = complaint.given(received());
    given
      .when({
        action: 'dismiss',
        actor: cs,
        data: { reason: 'not our vehicle', customerReply: 'explained by phone' },
      })
      .then({
        type: 'ComplaintDismissed',
        toState: 'awaiting_dismissal_approval',
        context: {
          assignedRole: 'service_manager',
          dismissalRequest: { customerReply: 'explained by phone' },
        },
      });
  });

  it('refuses a dismissal without the reply to the customer', () => {
    const error = complaint
      .given(received())
      .when({ action: 'dismiss', actor: cs, data: { reason: 'groundless' } })
      .thenThrows(ValidationFailedError);
    expect(error.errors.map((problem) => problem.field)).toEqual(['customerReply']);
  });

  const requested: GivenEvent = {
    type: 'ComplaintDismissed',
    data: { reason: 'groundless', customerReply: 'explained' },
    actor: cs,
  };

  it('dismisses only when the service manager approves', () => {
    const given = complaint.given(received(), requested);
    expect(given.allowedActionsFor(cs)).toEqual([]);
    expect(given.allowedActionsFor(serviceManager)).toEqual(['approve-dismissal', 'refuse-dismissal']);
    given.when({ action: 'approve-dismissal', actor: serviceManager }).then({
      type: 'ComplaintDismissalApproved',
      toState: 'dismissed',
      context: { dismissalApprovedBy: serviceManager.id },
    });
  });

  it('sends a refused dismissal back to verification', () => {
    complaint
      .given(received(), requested)
      .when({
        action: 'refuse-dismissal',
        actor: serviceManager,
        data: { reason: 'call the customer first' },
      })
      .then({
        type: 'ComplaintDismissalRefused',
        toState: 'received',
        context: { assignedRole: 'customer_service' },
      });
  });
});

describe('complaint v3: pausing and resuming a clock', () => {
  const inRepair = [received(), verified(), proposed(), replied('accepted'), orderReceived];

  it('lets the service advisor holding the case pause the feedback clock while waiting for parts', () => {
    const given = complaint.given(...inRepair);
    expect(given.allowedActionsFor(advisor)).toContain('pause-clock');
    expect(given.allowedActionsFor(cs)).not.toContain('pause-clock');
    const decision = given
      .when({
        action: 'pause-clock',
        actor: advisor,
        data: { deadline: 'feedback', reason: 'waiting_for_parts' },
      })
      .then({ type: 'ComplaintClockPaused', toState: 'awaiting_feedback' });
    expect(contextOf(decision).clocks.feedback).toBe('paused');
    expect(contextOf(decision).pauses).toEqual([
      expect.objectContaining({ deadline: 'feedback', reason: 'waiting_for_parts', resumedAt: null }),
    ]);
  });

  it('refuses to pause a clock that is not running, or with a reason off the list', () => {
    const error = complaint
      .given(...inRepair)
      .when({ action: 'pause-clock', actor: advisor, data: { deadline: 'follow-up', reason: 'lunch' } })
      .thenThrows(ValidationFailedError);
    expect(error.errors.map((problem) => problem.field)).toEqual(['deadline', 'reason']);
  });

  it('resumes a paused clock', () => {
    const paused: GivenEvent = {
      type: 'ComplaintClockPaused',
      data: { deadline: 'feedback', reason: 'waiting_for_parts' },
      actor: advisor,
      at: '2026-03-02T10:00:00.000Z',
    };
    const given = complaint.given(...inRepair, paused);
    expect(given.allowedActionsFor(advisor)).toEqual(
      expect.arrayContaining(['resume-clock', 'report-feedback']),
    );
    const decision = given
      .when({
        action: 'resume-clock',
        actor: advisor,
        data: { deadline: 'feedback' },
        at: '2026-03-04T10:00:00.000Z',
      })
      .then({ type: 'ComplaintClockResumed' });
    expect(contextOf(decision).clocks.feedback).toBe('running');
    expect(contextOf(decision).pauses[0]?.resumedAt).toBe('2026-03-04T10:00:00.000Z');
  });
});
