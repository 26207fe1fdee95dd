// With the extension: the engine's own tests import this file under Node's module resolution too.
import type { CaseView, SlaDeadlineRow } from '../api/types.js';

export type CallUrgency = 'overdue' | 'due-today' | 'open';

export interface CallDue {
  readonly view: CaseView;
  /** The call's window clock, when the deadline list has it. */
  readonly window: SlaDeadlineRow | undefined;
  readonly urgency: CallUrgency;
}

function text(view: CaseView, field: string): string | undefined {
  const value = view.data[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The calls to make today: scheduled calls whose window has opened by the end of today, and calls whose
 * window already closed (`missed`, still to be made late). Overdue first, then those whose window closes
 * today, then the rest, each by when its window closes. A call in a later window waits for its day; a
 * reminder the gateway delivers (nobody assigned) is not a call.
 */
export function callsDueToday(
  scheduled: readonly CaseView[],
  missed: readonly CaseView[],
  windows: readonly SlaDeadlineRow[],
  now: Date,
  endOfToday: Date,
): CallDue[] {
  const windowOf = new Map(windows.map((row) => [row.caseId, row]));
  const rank: Record<CallUrgency, number> = { overdue: 0, 'due-today': 1, open: 2 };
  const closesAt = (call: CallDue) => call.window?.dueAt ?? text(call.view, 'windowEndsAt') ?? '';
  const calls: CallDue[] = [];
  // A follow-up nobody is assigned to waits for someone else: an SMS or e-mail reminder the gateway sends.
  const toCall = (view: CaseView) => view.assignedRole !== null;
  for (const view of missed.filter(toCall))
    calls.push({ view, window: windowOf.get(view.id), urgency: 'overdue' });
  for (const view of scheduled.filter(toCall)) {
    const opensAt = text(view, 'windowStartsAt');
    if (opensAt !== undefined && new Date(opensAt) > endOfToday) continue;
    const window = windowOf.get(view.id);
    const closes = new Date(window?.dueAt ?? text(view, 'windowEndsAt') ?? Number.NaN);
    const urgency: CallUrgency =
      window?.status === 'breached' || window?.overdue === true || closes < now
        ? 'overdue'
        : closes <= endOfToday
          ? 'due-today'
          : 'open';
    calls.push({ view, window, urgency });
  }
  return calls.sort((a, b) => rank[a.urgency] - rank[b.urgency] || closesAt(a).localeCompare(closesAt(b)));
}

/** The first instant of tomorrow in the user's own time zone: "today" is the user's working day. */
export function endOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}
