import { Badge } from '@mantine/core';
import { useI18n } from '../i18n/i18n';

export function StateBadge({ state, final = false }: { readonly state: string; readonly final?: boolean }) {
  const { term } = useI18n();
  return (
    <Badge color={final ? 'gray' : 'indigo'} variant="light" data-state={state}>
      {term(state)}
    </Badge>
  );
}

/** Before creation the engine records the pseudo-state '(none)': no state to show. */
export function priorState(fromState: string | null): string | null {
  return fromState === null || fromState === '(none)' ? null : fromState;
}
