import { Badge, Group, Text } from '@mantine/core';
import type { Deadline } from '../api/types';
import { useI18n } from '../i18n/i18n';

export type DeadlineTone = 'pending' | 'warning' | 'paused' | 'breached' | 'met' | 'cancelled';

/**
 * What a handler needs to know: breached (or past due) beats warning beats pending; a paused clock
 * cannot run out while it stands still, so it ranks after the running ones.
 */
export function toneOf(deadline: Pick<Deadline, 'status' | 'warning' | 'overdue'>): DeadlineTone {
  if (deadline.status === 'breached' || deadline.overdue === true) return 'breached';
  if (deadline.status === 'pending' && deadline.warning === true) return 'warning';
  return deadline.status;
}

const COLOR: Record<DeadlineTone, string> = {
  pending: 'blue',
  warning: 'orange',
  paused: 'grape',
  breached: 'red.9',
  met: 'green',
  cancelled: 'gray',
};

/** The most urgent open deadline first, then the rest. */
export function mostUrgent(deadlines: readonly Deadline[]): Deadline | undefined {
  const rank: Record<DeadlineTone, number> = {
    breached: 0,
    warning: 1,
    pending: 2,
    paused: 3,
    met: 4,
    cancelled: 5,
  };
  return [...deadlines].sort(
    (a, b) => rank[toneOf(a)] - rank[toneOf(b)] || a.dueAt.localeCompare(b.dueAt),
  )[0];
}

/**
 * One clock: its status, kind and due time; a paused one also says why and for how long it has stood
 * still (its due time moves by that much when it resumes), a resumed one how long it was paused.
 */
export function DeadlineBadge({ deadline }: { readonly deadline: Deadline }) {
  const { t, term, deadline: kindOf, dateTime, duration } = useI18n();
  const tone = toneOf(deadline);
  const pausedSeconds = deadline.pausedSeconds ?? 0;
  return (
    <Group gap={6} wrap="nowrap" data-deadline-kind={deadline.kind}>
      <Badge
        color={COLOR[tone]}
        variant={tone === 'breached' ? 'filled' : 'light'}
        // Tinted backgrounds carry the colour; the text stays near-black for contrast (WCAG AA).
        c={tone === 'breached' ? undefined : 'dark.9'}
        data-deadline-status={tone}
      >
        {t(tone)}
      </Badge>
      <Text size="sm">
        {kindOf(deadline.kind)} · {dateTime(deadline.dueAt)}
        {tone === 'paused' && (
          <span data-testid={`pause-${deadline.kind}`}>
            {' '}
            · {term(deadline.pauseReason)} · {t('pausedFor')} {duration(pausedSeconds)}
          </span>
        )}
        {tone !== 'paused' && pausedSeconds > 0 && (
          <span>
            {' '}
            · {t('pausedBefore')} {duration(pausedSeconds)}
          </span>
        )}
      </Text>
    </Group>
  );
}
