import { Badge, Group, Text } from '@mantine/core';
import type { Deadline } from '../api/types';
import { useI18n } from '../i18n/i18n';

export type DeadlineTone = 'pending' | 'warning' | 'breached' | 'met' | 'cancelled';

/** What a handler needs to know: breached (or past due) beats warning beats pending. */
export function toneOf(deadline: Pick<Deadline, 'status' | 'warning' | 'overdue'>): DeadlineTone {
  if (deadline.status === 'breached' || deadline.overdue === true) return 'breached';
  if (deadline.status === 'pending' && deadline.warning === true) return 'warning';
  return deadline.status === 'warning' ? 'warning' : deadline.status;
}

const COLOR: Record<DeadlineTone, string> = {
  pending: 'blue',
  warning: 'orange',
  breached: 'red.9',
  met: 'green',
  cancelled: 'gray',
};

/** The most urgent open deadline first, then the rest. */
export function mostUrgent(deadlines: readonly Deadline[]): Deadline | undefined {
  const rank: Record<DeadlineTone, number> = { breached: 0, warning: 1, pending: 2, met: 3, cancelled: 4 };
  return [...deadlines].sort(
    (a, b) => rank[toneOf(a)] - rank[toneOf(b)] || a.dueAt.localeCompare(b.dueAt),
  )[0];
}

export function DeadlineBadge({ deadline }: { readonly deadline: Deadline }) {
  const { t, term, dateTime } = useI18n();
  const tone = toneOf(deadline);
  return (
    <Group gap={6} wrap="nowrap">
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
        {term(deadline.kind)} · {dateTime(deadline.dueAt)}
      </Text>
    </Group>
  );
}
