import { Button, Group, Slider, Text } from '@mantine/core';
import { useState } from 'react';
import type { HistoryEvent } from '../api/types';
import { useI18n } from '../i18n/i18n';

/**
 * Moves the page back to the moment of any event (the case only changes at events). The server answers
 * `GET …/{id}?asOf=` by replaying the stream up to that moment.
 */
export function AsOfSlider({
  events,
  index,
  onChange,
}: {
  readonly events: readonly HistoryEvent[];
  readonly index: number;
  readonly onChange: (index: number) => void;
}) {
  const { t, dateTime } = useI18n();
  // While the thumb is dragged it shows where it is; when let go, the page moves there.
  const [dragged, setDragged] = useState<number | null>(null);
  const position = dragged ?? index;
  const last = events.length - 1;
  if (last < 1) return null;
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={500} id="as-of-label">
          {t('asOf')}: {dateTime(events[position]?.occurredAt)} (#{position})
        </Text>
        {index !== last && (
          <Button size="xs" variant="light" onClick={() => onChange(last)}>
            {t('asOfNow')}
          </Button>
        )}
      </Group>
      <Slider
        aria-labelledby="as-of-label"
        thumbLabel={t('asOf')}
        data-testid="as-of-slider"
        min={0}
        max={last}
        step={1}
        value={position}
        onChange={setDragged}
        onChangeEnd={(value) => {
          setDragged(null);
          onChange(value);
        }}
        label={(value) => dateTime(events[value]?.occurredAt)}
        marks={events.map((event, at) => ({
          value: at,
          label: at === 0 || at === last ? `#${event.revision}` : undefined,
        }))}
        mb="lg"
      />
    </div>
  );
}
