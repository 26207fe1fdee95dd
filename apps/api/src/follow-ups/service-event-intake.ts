import { IdempotencyKeyReusedError, type Actor, type CaseContext } from '../../../../libs/kernel/index.js';
import type { CaseCommand, CaseState, CommandOutcome } from '../../../../libs/workflow-engine/index.js';
import { FOLLOW_UP, SERVICE_EVENT } from '../../../../workflows/follow-up/case-types.js';
import {
  followUpsToSchedule,
  serviceEventId,
  type CustomerContact,
} from '../../../../workflows/service-event/follow-up-schedule.js';
import type { ServiceEventContext } from '../../../../workflows/service-event/service-event-context.js';

export interface ServiceEventAnswer {
  readonly id: string;
  readonly followUps: string[];
  /** The last position written or found, to wait for the read models. */
  readonly position: number;
}

/**
 * The phone and e-mail address as the dealer's system reported them: an SMS or e-mail reminder's recipient.
 * The recorded service event holds them sealed; the report is the one place they are in clear.
 */
function contactOf(body: unknown): CustomerContact {
  const customer = (body as { customer?: Record<string, unknown> } | null)?.customer;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const phone = text(customer?.phone);
  const email = text(customer?.email);
  return { ...(phone !== undefined ? { phone } : {}), ...(email !== undefined ? { email } : {}) };
}

/**
 * A service event in, its follow-up calls scheduled: the event's case id comes from (dealer, external id)
 * and each call's from (event, call index), and the calls are read from the recorded event, so a repeated
 * report, or a retry after a crash between the two steps, records each case exactly once and answers
 * the same ids.
 */
export class ServiceEventIntake {
  constructor(
    private readonly execute: (command: CaseCommand) => Promise<CommandOutcome>,
    private readonly load: (caseType: string, caseId: string, actor: Actor) => Promise<CaseState>,
  ) {}

  async receive(body: unknown, actor: Actor, correlationId: string): Promise<ServiceEventAnswer> {
    const externalId = (body as { externalId?: unknown } | null)?.externalId;
    const id = serviceEventId(actor.dealerId ?? '', typeof externalId === 'string' ? externalId : '');
    let position = 0;
    position = Math.max(
      position,
      await this.once({
        caseType: SERVICE_EVENT,
        caseId: id,
        commandId: id,
        action: 'create',
        data: body as Record<string, unknown>,
        actor,
        correlationId,
      }),
    );
    const serviceEvent = (await this.load(SERVICE_EVENT, id, actor)).snapshot.context as ServiceEventContext &
      CaseContext;
    const followUps: string[] = [];
    for (const call of followUpsToSchedule(serviceEvent, contactOf(body))) {
      position = Math.max(
        position,
        await this.once({
          caseType: FOLLOW_UP,
          caseId: call.caseId,
          commandId: call.commandId,
          action: 'create',
          data: call.data,
          actor,
          correlationId,
          causationId: id,
        }),
      );
      followUps.push(call.caseId);
    }
    return { id, followUps, position };
  }

  /**
   * Records the command unless its id is already stored: by this request's first try, or by another
   * caller of the same dealer reporting the same event (whose answer is the first one).
   */
  private async once(command: CaseCommand): Promise<number> {
    try {
      return (await this.execute(command)).position;
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError) return 0;
      throw error;
    }
  }
}
