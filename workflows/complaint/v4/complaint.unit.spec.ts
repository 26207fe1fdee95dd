import { describe, expect, it } from '@jest/globals';
import { TransitionNotAllowedError } from '../../../libs/kernel/index.js';
import { actorAs, DEALER, REGION, specify, type GivenEvent } from '../../../libs/testing/index.js';
import { complaintWorkflowV3 } from '../v3/complaint.workflow.js';
import { complaintWorkflowV4 } from './complaint.workflow.js';

/*
 * v4 is v3 (its specs: ../v3/complaint.unit.spec.ts, its paths: the goldens under v4/golden/, recorded from
 * v3's scenarios) with one rule more: segregation of duties by person on the dismissal (#22, "One person acts
 * once per approval chain, whatever roles the token carries").
 */
const v3 = specify(complaintWorkflowV3);
const v4 = specify(complaintWorkflowV4);
const cs = actorAs('customer_service');
const serviceManager = actorAs('service_manager');
/** A small dealer's service manager who also answers customers: one person, two roles. */
const twoHats = actorAs('customer_service', {
  id: 'li.cs-and-sm',
  roles: ['customer_service', 'service_manager'],
});

const received: GivenEvent = {
  type: 'ComplaintReceived',
  data: {
    channel: 'walk_in',
    category: 'repair_price',
    severity: 'normal',
    customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
    vehicle: { vin: 'LSVAU2180N2183294' },
    description: 'charged more than quoted',
    dealerId: DEALER,
    regionId: REGION,
  },
  actor: cs,
};
const requestedBy = (actor: typeof cs): GivenEvent => ({
  type: 'ComplaintDismissed',
  data: { reason: 'price as quoted', customerReply: 'showed the signed quote' },
  actor,
});

describe('complaint v4: the person who asked for a dismissal never decides it (首问责任制, four eyes)', () => {
  it('given v3, the person holding customer service and service manager approves their own dismissal', () => {
    v3.given(received, requestedBy(twoHats))
      .when({ action: 'approve-dismissal', actor: twoHats })
      .then({ type: 'ComplaintDismissalApproved', toState: 'dismissed' });
  });

  it.each(['approve-dismissal', 'refuse-dismissal'])(
    'given v4, the same person may not %s their own request, whatever roles they hold',
    (action) => {
      const given = v4.given(received, requestedBy(twoHats));
      expect(given.allowedActionsFor(twoHats)).toEqual([]);
      given
        .when({ action, actor: twoHats, data: { reason: 'check the invoice again' } })
        .thenThrows(TransitionNotAllowedError);
    },
  );

  it('given v4, another service manager decides it', () => {
    const given = v4.given(received, requestedBy(twoHats));
    expect(given.allowedActionsFor(serviceManager)).toEqual(['approve-dismissal', 'refuse-dismissal']);
    given.when({ action: 'approve-dismissal', actor: serviceManager }).then({
      type: 'ComplaintDismissalApproved',
      toState: 'dismissed',
      context: { dismissalApprovedBy: serviceManager.id },
    });
  });

  it('given v4, a person with both roles still decides a dismissal someone else asked for', () => {
    v4.given(received, requestedBy(cs))
      .when({ action: 'refuse-dismissal', actor: twoHats, data: { reason: 'check the invoice again' } })
      .then({ type: 'ComplaintDismissalRefused', toState: 'received' });
  });
});
