import { Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { JsonSchema } from '../api/action-schemas';
import { ApiProblem } from '../api/problem';
import type { CaseView } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { fieldErrors, initialValue, pruneEmpty, type FormValue } from './form-value';
import { RefusalAlert } from './refusal-alert';
import { SchemaForm } from './schema-form';

/**
 * One action on one case: the form from the action's schema, sent with If-Match (the revision the user
 * looked at) and an Idempotency-Key (a double click records it once). A 400 puts each reason under its
 * field; a 409/412 goes back to the page, which explains it and shows the case as it now is.
 */
export function ActionDialog({
  resource,
  view,
  action,
  schema,
  preset = {},
  onClose,
  onDone,
  onConflict,
}: {
  readonly resource: string;
  readonly view: CaseView;
  readonly action: string;
  readonly schema: JsonSchema | null;
  /** Fields already chosen where the action was started (the clock a pause button stands beside). */
  readonly preset?: FormValue;
  readonly onClose: () => void;
  readonly onDone: (view: CaseView) => void;
  readonly onConflict: (problem: ApiProblem) => void;
}) {
  const { t, term, fieldError } = useI18n();
  const session = useSession();
  const [value, setValue] = useState<FormValue>(() => ({
    ...(schema !== null ? initialValue(schema) : {}),
    ...preset,
  }));
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const errors = fieldErrors(problem?.errors ?? [], fieldError);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { body } = await session.api.post<CaseView>(
        `/api/v1/${resource}/${view.id}/actions/${action}`,
        pruneEmpty(value) ?? {},
        { 'If-Match': `"${view.revision}"`, 'Idempotency-Key': idempotencyKey },
      );
      onDone(body);
    } catch (failure) {
      if (failure instanceof ApiProblem && failure.isConflict) onConflict(failure);
      else if (failure instanceof ApiProblem) setProblem(failure);
      else setProblem(new ApiProblem(0, String(failure), undefined, [], undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={term(action)} size="lg" centered>
      <form onSubmit={submit} noValidate data-testid={`action-form-${action}`}>
        <Stack>
          <RefusalAlert problem={problem} schema={schema} />
          {schema !== null && Object.keys(schema.properties ?? {}).length > 0 && (
            <SchemaForm
              resource={resource}
              schema={schema}
              value={value}
              onChange={setValue}
              errors={errors}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
