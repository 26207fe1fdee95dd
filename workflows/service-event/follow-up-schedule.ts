import { uuidFromName } from '../../libs/kernel/index.js';
import { currentPlan, type FollowUpPlanSet, type TriggerKind } from '../follow-up/plan.js';
import { addWindow } from '../follow-up/window-duration.js';
import type { ScheduledCall, ServiceEventContext } from './service-event-context.js';

/**
 * The service event's case id and command id, from (dealer, external id): a repeated report of the same
 * event names the same case, so it is recorded once (JSON keeps any two pairs apart).
 */
export function serviceEventId(dealerId: string, externalId: string): string {
  return uuidFromName(JSON.stringify(['service-event', dealerId, externalId]));
}

/** The calls the current plan asks for after a trigger of `kind` at `occurredAt`. */
export function callsFor(
  plans: FollowUpPlanSet,
  kind: string,
  occurredAt: string,
): { planVersion: number; calls: ScheduledCall[] } {
  const plan = currentPlan(plans);
  const planned = plan.triggers[kind as TriggerKind] ?? [];
  const at = new Date(Date.parse(occurredAt)).toISOString();
  return {
    planVersion: plan.version,
    calls: planned.map((call, callIndex) => ({
      callIndex,
      purpose: call.purpose,
      channel: call.channel,
      windowStart: call.windowStart,
      windowEnd: call.windowEnd,
      windowStartsAt: addWindow(at, call.windowStart),
      windowEndsAt: addWindow(at, call.windowEnd),
      maxAttempts: call.maxAttempts,
    })),
  };
}

/** One follow-up to schedule for a received service event. */
export interface FollowUpToSchedule {
  /** Derived from (service event, call index): a retry schedules the same call once. */
  readonly caseId: string;
  readonly commandId: string;
  readonly data: Record<string, unknown>;
}

/** The follow-up cases a received service event asks for, from the calls recorded with it. */
export function followUpsToSchedule(serviceEvent: ServiceEventContext): FollowUpToSchedule[] {
  return serviceEvent.followUpCalls.map((call) => {
    const id = uuidFromName(JSON.stringify(['follow-up', serviceEvent.caseId, call.callIndex]));
    return {
      caseId: id,
      commandId: id,
      data: {
        serviceEventId: serviceEvent.caseId,
        triggerKind: serviceEvent.kind,
        triggeredAt: new Date(Date.parse(serviceEvent.occurredAt)).toISOString(),
        callIndex: call.callIndex,
        purpose: call.purpose,
        vin: serviceEvent.vehicle.vin,
        channel: call.channel,
        windowStart: call.windowStart,
        windowEnd: call.windowEnd,
        windowStartsAt: call.windowStartsAt,
        windowEndsAt: call.windowEndsAt,
        maxAttempts: call.maxAttempts,
        planVersion: serviceEvent.followUpPlanVersion,
      },
    };
  });
}
