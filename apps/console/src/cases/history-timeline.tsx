import { Badge, Group, Spoiler, Text, Timeline } from '@mantine/core';
import type { HistoryEvent } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { DataTable } from './case-data';
import { priorState } from './state-badge';

/** An event's data as a record of fields (a bare value shows under its own heading). */
function recorded(data: unknown): Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : { value: data };
}

/** Every event of the case: who (and in which role), when, and from which state to which. */
export function HistoryTimeline({
  events,
  upTo,
}: {
  readonly events: readonly HistoryEvent[];
  readonly upTo: number;
}) {
  const i18n = useI18n();
  const { t, term, moment, eventType, actor } = i18n;
  return (
    <Timeline active={upTo} bulletSize={18} lineWidth={2} data-testid="history-timeline">
      {events.map((event) => (
        <Timeline.Item
          key={event.revision}
          data-revision={event.revision}
          title={
            <Group gap="xs">
              <Text fw={600}>#{event.revision}</Text>
              <Text data-event-type={event.type}>{eventType(event.type)}</Text>
            </Group>
          }
        >
          <Text size="sm">
            {event.actor.name === undefined ||
            event.actor.name === event.actor.id ||
            event.actor.roles.includes('system')
              ? actor(event.actor)
              : `${event.actor.name} (${event.actor.id})`}{' '}
            · {event.actor.roles.map((role) => term(role)).join('、')}
            {event.onBehalfOf !== undefined && (
              <span data-testid="acted-for">
                {' '}
                · {t('actingFor')} {event.onBehalfOf.name ?? event.onBehalfOf.id}
              </span>
            )}
          </Text>
          <Text size="sm" c="dimmed">
            <time dateTime={event.occurredAt}>{moment(event.occurredAt)}</time>
          </Text>
          <Group gap={4} mt={4}>
            {priorState(event.fromState) !== null && (
              <Badge variant="light" color="gray">
                {term(event.fromState)}
              </Badge>
            )}
            {priorState(event.fromState) !== null && (
              <Text size="sm" aria-hidden>
                →
              </Text>
            )}
            <Badge variant="light">{term(event.toState)}</Badge>
          </Group>
          <Spoiler maxHeight={0} showLabel="…" hideLabel="▲" mt={4}>
            <DataTable
              data={recorded(event.data)}
              i18n={i18n}
              currency={recorded(event.data).currency}
              depth={1}
            />
          </Spoiler>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
