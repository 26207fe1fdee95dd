import { Button } from '@mantine/core';
import type { ActionSchemas } from '../api/action-schemas';
import type { Deadline } from '../api/types';
import { useI18n } from '../i18n/i18n';

const PAUSE = 'pause-clock';
const RESUME = 'resume-clock';

/**
 * Pause or resume beside the clock itself, for the role holding the case: offered when the engine lists
 * the action for this caller and the action's schema names this kind of clock as one that may pause
 * (so which clocks pause is the workflow's rule, read from /openapi.json, never repeated here).
 */
export function ClockControl({
  deadline,
  allowedActions,
  schemas,
  resource,
  onStart,
}: {
  readonly deadline: Deadline;
  readonly allowedActions: readonly string[];
  readonly schemas: ActionSchemas;
  readonly resource: string;
  readonly onStart: (action: string) => void;
}) {
  const { t } = useI18n();
  const action = deadline.status === 'paused' ? RESUME : deadline.status === 'pending' ? PAUSE : undefined;
  if (action === undefined || !allowedActions.includes(action)) return null;
  const pausable = schemas.action(resource, action)?.properties?.deadline?.enum ?? [];
  if (!pausable.includes(deadline.kind)) return null;
  return (
    <Button
      size="xs"
      variant="light"
      data-clock-action={action}
      data-deadline={deadline.kind}
      onClick={() => onStart(action)}
    >
      {action === PAUSE ? t('pauseClock') : t('resumeClock')}
    </Button>
  );
}
