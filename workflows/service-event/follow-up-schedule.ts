import { uuidFromName } from '../../libs/kernel/index.js';
import {
  currentPlan,
  type FollowUpPlanSet,
  type PlannedCall,
  type TriggerKind,
  type WindowAnchor,
} from '../follow-up/plan.js';
import { addWindow, subtractWindow, windowMilliseconds, windowText } from '../follow-up/window-duration.js';
import type { ScheduledCall, ServiceEventContext } from './service-event-context.js';

/**
 * The service event's case id and command id, from (dealer, external id): a repeated report of the same
 * event names the same case, so it is recorded once (JSON keeps any two pairs apart).
 */
export function serviceEventId(dealerId: string, externalId: string): string {
  return uuidFromName(JSON.stringify(['service-event', dealerId, externalId]));
}

/** The dates a service event reports that a plan's windows may count back from. */
export type AnchorDates = Partial<Record<WindowAnchor, string>>;

/**
 * One planned call's window as instants: after the trigger time, or counted back from its anchor date.
 * Undefined when the anchor date was not reported, or the window closes before the trigger (a reminder
 * for a date too close to remind in time is not made).
 */
function scheduledWindow(
  call: PlannedCall,
  at: string,
  anchors: AnchorDates,
):
  | Pick<ScheduledCall, 'windowStartsAt' | 'windowEndsAt' | 'before' | 'anchorAt' | 'windowLength'>
  | undefined {
  if (call.before === undefined)
    return { windowStartsAt: addWindow(at, call.windowStart), windowEndsAt: addWindow(at, call.windowEnd) };
  const anchor = anchors[call.before];
  if (anchor === undefined || Number.isNaN(Date.parse(anchor))) return undefined;
  const anchorAt = new Date(Date.parse(anchor)).toISOString();
  const windowEndsAt = subtractWindow(anchorAt, call.windowEnd);
  if (Date.parse(windowEndsAt) <= Date.parse(at)) return undefined;
  return {
    windowStartsAt: subtractWindow(anchorAt, call.windowStart),
    windowEndsAt,
    before: call.before,
    anchorAt,
    windowLength: windowText(
      (windowMilliseconds(call.windowStart) ?? 0) - (windowMilliseconds(call.windowEnd) ?? 0),
    ),
  };
}

/**
 * The calls the current plan asks for after a trigger of `kind` at `occurredAt`; each keeps its index in
 * the plan (so its follow-up id), also when a call before it is left out for want of its anchor date.
 */
export function callsFor(
  plans: FollowUpPlanSet,
  kind: string,
  occurredAt: string,
  anchors: AnchorDates = {},
): { planVersion: number; calls: ScheduledCall[] } {
  const plan = currentPlan(plans);
  const planned = plan.triggers[kind as TriggerKind] ?? [];
  const at = new Date(Date.parse(occurredAt)).toISOString();
  const calls: ScheduledCall[] = [];
  planned.forEach((call, callIndex) => {
    const window = scheduledWindow(call, at, anchors);
    if (window === undefined) return;
    // Counted back from a date, the bounds are recorded negative (`-P13D`): they never match a clock
    // rule of the windows counted from the trigger.
    const sign = call.before === undefined ? '' : '-';
    calls.push({
      callIndex,
      purpose: call.purpose,
      channel: call.channel,
      windowStart: `${sign}${call.windowStart}`,
      windowEnd: `${sign}${call.windowEnd}`,
      maxAttempts: call.maxAttempts,
      ...window,
      ...(call.recordsMileage === true ? { recordsMileage: true } : {}),
    });
  });
  return { planVersion: plan.version, calls };
}

/** One follow-up to schedule for a received service event. */
export interface FollowUpToSchedule {
  /** Derived from (service event, call index): a retry schedules the same call once. */
  readonly caseId: string;
  readonly commandId: string;
  readonly data: Record<string, unknown>;
}

/** Where the dealer's system says the customer can be reached: a reminder's recipient (personal data). */
export interface CustomerContact {
  readonly phone?: string;
  readonly email?: string;
}

/** An SMS goes to the phone, an e-mail to the address; a phone call names no recipient (customer service dials). */
function recipientOf(channel: string, contact: CustomerContact): Record<string, unknown> {
  if (channel === 'sms' && contact.phone !== undefined) return { recipient: { phone: contact.phone } };
  if (channel === 'email' && contact.email !== undefined) return { recipient: { email: contact.email } };
  return {};
}

/**
 * The follow-up cases a received service event asks for, from the calls recorded with it; a reminder by
 * SMS or e-mail carries its recipient from the report (`contact`), sealed on the follow-up.
 */
export function followUpsToSchedule(
  serviceEvent: ServiceEventContext,
  contact: CustomerContact = {},
): FollowUpToSchedule[] {
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
        ...(call.before !== undefined
          ? { before: call.before, anchorAt: call.anchorAt, windowLength: call.windowLength }
          : {}),
        ...(call.recordsMileage === true ? { recordsMileage: true } : {}),
        ...recipientOf(call.channel, contact),
      },
    };
  });
}
