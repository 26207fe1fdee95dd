/**
 * A deadline's recorded status: running (`pending`), stopped with a reason and not counting (`paused`),
 * stopped in time (`met`), past due and recorded so by the sweeper (`breached`), or ended with its case
 * before either (`cancelled`).
 */
export const DEADLINE_STATUSES = ['pending', 'paused', 'met', 'breached', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** A case shows its deadlines without the cancelled ones. */
export type ShownDeadlineStatus = Exclude<DeadlineStatus, 'cancelled'>;

/** What deadline lists filter by: a status, or `warning` (pending and past its warning threshold). */
export const DEADLINE_STATUS_FILTERS = [
  'pending',
  'paused',
  'warning',
  'met',
  'breached',
  'cancelled',
] as const;
export type DeadlineStatusFilter = (typeof DEADLINE_STATUS_FILTERS)[number];
