import { describe, expect, it } from '@jest/globals';
import { ForbiddenError, TransitionNotAllowedError } from '../../libs/kernel/index.js';
import { actorAs, OTHER_DEALER, specify, type GivenEvent } from '../../libs/testing/index.js';
import { SATISFACTION_LEVELS as COMPLAINT_SATISFACTION_LEVELS } from '../complaint/events.js';
import { SATISFACTION_LEVELS } from './events.js';
import { followUpWorkflowV1 } from './follow-up.workflow.js';

const followUp = specify(followUpWorkflowV1);
const advisor = actorAs('service_advisor');
const customerService = actorAs('customer_service');
const otherDealersCustomerService = actorAs('customer_service', { dealerId: OTHER_DEALER });
const serviceManager = actorAs('service_manager');
const system = { id: 'system', name: 'SLA sweeper', roles: ['system' as const] };

/** Seed 004: 「维修后的用户回访(3-7 天内)」: a repair finished on 2 March is called from 5 to 9 March. */
const repairCall = {
  serviceEventId: '0195f2b4-3c1e-7a55-8f00-000000000001',
  triggerKind: 'repair_completed',
  triggeredAt: '2026-03-02T09:00:00.000Z',
  callIndex: 0,
  purpose: '维修后的用户回访',
  vin: 'LSVAU2180N2183294',
  channel: 'phone',
  windowStart: 'P3D',
  windowEnd: 'P7D',
  windowStartsAt: '2026-03-05T09:00:00.000Z',
  windowEndsAt: '2026-03-09T09:00:00.000Z',
  maxAttempts: 2,
  planVersion: 1,
};
const scheduled: GivenEvent = { type: 'FollowUpScheduled', data: repairCall, actor: advisor };
const notReached: GivenEvent = {
  type: 'FollowUpAttemptRecorded',
  data: { outcome: 'not_reached' },
  actor: customerService,
};
const reached: GivenEvent = {
  type: 'FollowUpAttemptRecorded',
  data: { outcome: 'reached' },
  actor: customerService,
};
const missed: GivenEvent = { type: 'FollowUpWindowMissed', data: { kind: 'window' }, actor: system };
const completedUnhappy: GivenEvent = {
  type: 'FollowUpCompleted',
  data: { satisfaction: 'dissatisfied' },
  actor: customerService,
};

describe('follow-up v1: scheduling', () => {
  it('is scheduled for the dealer’s customer service with the plan’s window and version', () => {
    followUp
      .given()
      .when({ action: 'create', actor: advisor, data: repairCall })
      .then({
        type: 'FollowUpScheduled',
        toState: 'scheduled',
        context: {
          dealerId: advisor.dealerId,
          assignedRole: 'customer_service',
          windowEndsAt: '2026-03-09T09:00:00.000Z',
          maxAttempts: 2,
          planVersion: 1,
          notReached: 0,
        },
      });
  });

  it('is not scheduled by someone who acts for no dealer', () => {
    followUp
      .given()
      .when({ action: 'create', actor: actorAs('oem_aftersales_rep'), data: repairCall })
      .thenThrows(ForbiddenError);
  });

  it('uses the complaint follow-up’s 7-level satisfaction scale (seed 001)', () => {
    expect(SATISFACTION_LEVELS).toEqual(COMPLAINT_SATISFACTION_LEVELS);
  });
});

describe('follow-up v1: attempts', () => {
  it('counts a customer not reached and keeps the call scheduled while attempts remain', () => {
    followUp
      .given(scheduled)
      .when({ action: 'record-attempt', actor: customerService, data: { outcome: 'not_reached' } })
      .then({ type: 'FollowUpAttemptRecorded', toState: 'scheduled', context: { notReached: 1 } });
  });

  it('gives up as unreachable after the plan’s attempts all end not reached', () => {
    followUp
      .given(scheduled, notReached)
      .when({ action: 'record-attempt', actor: customerService, data: { outcome: 'not_reached' } })
      .then({
        type: 'FollowUpAttemptRecorded',
        toState: 'unreachable',
        context: { notReached: 2, assignedRole: null },
      });
  });

  it('gives up at once on a wrong number', () => {
    followUp
      .given(scheduled)
      .when({ action: 'record-attempt', actor: customerService, data: { outcome: 'wrong_number' } })
      .then({ type: 'FollowUpAttemptRecorded', toState: 'unreachable' });
  });

  it('moves to reached when the customer answers', () => {
    followUp
      .given(scheduled, notReached)
      .when({ action: 'record-attempt', actor: customerService, data: { outcome: 'reached' } })
      .then({ type: 'FollowUpAttemptRecorded', toState: 'reached', context: { notReached: 1 } });
  });

  it('refuses an attempt by another dealer’s customer service', () => {
    followUp
      .given(scheduled)
      .when({ action: 'record-attempt', actor: otherDealersCustomerService, data: { outcome: 'reached' } })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('follow-up v1: outcome', () => {
  it('completes with the satisfaction and leaves the work queue', () => {
    followUp
      .given(scheduled, reached)
      .when({ action: 'complete', actor: customerService, data: { satisfaction: 'very_satisfied' } })
      .then({
        type: 'FollowUpCompleted',
        toState: 'completed',
        context: { satisfaction: 'very_satisfied', assignedRole: null, late: false },
      });
  });

  it('lets the service manager cancel when the customer opted out', () => {
    followUp
      .given(scheduled)
      .when({ action: 'cancel', actor: serviceManager, data: { reason: 'opted_out' } })
      .then({ type: 'FollowUpCancelled', toState: 'cancelled' });
  });

  it('links one complaint to an unhappy customer’s completed call', () => {
    const complaintId = '0195f2b4-3c1e-7a55-8f00-0000000000c1';
    followUp
      .given(scheduled, reached, completedUnhappy)
      .when({ action: 'open-complaint', actor: customerService, data: { complaintId } })
      .then({ type: 'FollowUpComplaintOpened', toState: 'completed', context: { complaintId } });
    followUp
      .given(scheduled, reached, completedUnhappy, {
        type: 'FollowUpComplaintOpened',
        data: { complaintId },
        actor: customerService,
      })
      .when({ action: 'open-complaint', actor: customerService, data: { complaintId } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('opens no complaint before the customer was reached', () => {
    followUp
      .given(scheduled)
      .when({
        action: 'open-complaint',
        actor: customerService,
        data: { complaintId: repairCall.serviceEventId },
      })
      .thenThrows(TransitionNotAllowedError);
  });
});

describe('follow-up v1: the window', () => {
  it('is missed when the window closes first, exactly once', () => {
    followUp
      .given(scheduled, notReached)
      .when({ action: 'record-breach', actor: system, data: { kind: 'window' } })
      .then({ type: 'FollowUpWindowMissed', toState: 'missed', context: { late: true } });
    followUp
      .given(scheduled, missed)
      .when({ action: 'record-breach', actor: system, data: { kind: 'window' } })
      .thenThrows(TransitionNotAllowedError);
  });

  it('may still be completed late', () => {
    followUp
      .given(scheduled, missed)
      .when({ action: 'complete', actor: customerService, data: { satisfaction: 'neutral' } })
      .then({ type: 'FollowUpCompleted', toState: 'completed', context: { late: true } });
  });

  it('takes no breach once the customer was found unreachable', () => {
    followUp
      .given(scheduled, { ...notReached }, { ...notReached })
      .when({ action: 'record-breach', actor: system, data: { kind: 'window' } })
      .thenThrows(TransitionNotAllowedError);
  });
});
