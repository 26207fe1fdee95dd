import { Group, Text } from '@mantine/core';
import type { LegendPayload } from 'recharts';

/**
 * The lines' names beside their colour. Drawn here rather than by recharts' default legend, whose icons
 * carry an English "legend icon" label that screen readers would read on a Chinese page; the swatch is
 * decoration and the name is the text.
 */
export function ChartLegend({ payload }: { readonly payload?: readonly LegendPayload[] }) {
  return (
    <Group gap="md" justify="center" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {(payload ?? []).map((entry) => (
        <Group key={String(entry.value)} gap={6} component="li" wrap="nowrap">
          <span
            aria-hidden="true"
            style={{ display: 'inline-block', width: 14, height: 3, background: entry.color }}
          />
          <Text size="xs">{String(entry.value)}</Text>
        </Group>
      ))}
    </Group>
  );
}
