import { describe, expect, it } from '@jest/globals';
import { ForbiddenError, TransitionNotAllowedError, ValidationFailedError } from '../kernel/index.js';
import { actorAs, DEALER, OTHER_DEALER, specify, ticketWorkflow } from '../testing/index.js';

const cs = actorAs('customer_service');
const opened = {
  type: 'TicketOpened',
  data: { title: 'Noise', dealerId: DEALER, regionId: 'R01' },
  actor: cs,
};
const ticket = specify(ticketWorkflow);

describe('decider', () => {
  it('creates a case owned by the creating dealer', () => {
    ticket
      .given()
      .when({ action: 'create', actor: cs, data: { title: 'Noise' } })
      .then({
        type: 'TicketOpened',
        toState: 'open',
        context: { dealerId: DEALER, assignedRole: 'customer_service' },
      });
  });

  it('refuses a create by a role that may not open the case', () => {
    ticket
      .given()
      .when({ action: 'create', actor: actorAs('parts_manager'), data: { title: 'x' } })
      .thenThrows(ForbiddenError);
  });

  it('reports each failed business check with its field', () => {
    ticket
      .given()
      .when({ action: 'create', actor: cs, data: {} })
      .thenThrows(ValidationFailedError, {
        errors: [{ field: 'title', reason: 'must be a non-empty string' }],
      });
  });

  it('records a self-transition that only changes the context', () => {
    ticket
      .given(opened)
      .when({ action: 'note', actor: cs })
      .then({ type: 'TicketNoted', toState: 'open', context: { notes: 1 } });
  });

  it('refuses an action the state does not allow and lists what is allowed', () => {
    ticket
      .given(opened, { type: 'TicketDone', actor: cs })
      .when({ action: 'note', actor: cs })
      .thenThrows(TransitionNotAllowedError, { state: 'done', allowedActions: [] });
  });

  it('refuses staff of another dealer', () => {
    const stranger = actorAs('customer_service', { dealerId: OTHER_DEALER });
    ticket.given(opened).when({ action: 'finish', actor: stranger }).thenThrows(TransitionNotAllowedError);
  });

  it('refuses an unknown action naming the field', () => {
    ticket.given(opened).when({ action: 'explode', actor: cs }).thenThrows(ValidationFailedError);
  });

  it('computes allowed actions from the guards', () => {
    expect(ticket.given(opened).allowedActionsFor(cs)).toEqual(['note', 'finish']);
    expect(ticket.given(opened).allowedActionsFor(actorAs('service_manager'))).toEqual([]);
    expect(ticket.given().allowedActionsFor(cs)).toEqual(['create']);
  });
});
