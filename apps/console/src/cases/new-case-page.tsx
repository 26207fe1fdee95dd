import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiProblem } from '../api/problem';
import type { CaseView } from '../api/types';
import { useLoad } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { navigate } from '../routing';
import { useSession } from '../session/session';
import { fieldErrors, initialValue, pruneEmpty, type FormValue } from './form-value';
import { RefusalAlert } from './refusal-alert';
import { SchemaForm } from './schema-form';

/** Opens a case (a complaint at intake, a goodwill application, …) with the create form from its schema. */
export function NewCasePage({ resource }: { readonly resource: string }) {
  const { t, term, fieldError, hint } = useI18n();
  const session = useSession();
  const catalog = useLoad(() => session.workflows(), 'workflows');
  const schemas = useLoad(() => session.schemas(), 'schemas');
  const [value, setValue] = useState<FormValue | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const workflow = catalog.data?.byResource(resource);
  const schema = schemas.data?.create(resource) ?? null;
  if (workflow === undefined || schema === null) {
    const error: unknown = catalog.error ?? schemas.error;
    return error !== undefined ? <LoadError error={error} /> : <Text>{t('loading')}</Text>;
  }
  const form = value ?? initialValue(schema);
  const allowed = workflow.create.roles.some((role) => session.claims?.roles.includes(role));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { body } = await session.api.post<CaseView>(`/api/v1/${resource}`, pruneEmpty(form) ?? {}, {
        'Idempotency-Key': idempotencyKey,
      });
      navigate({ page: 'case', resource, id: body.id });
    } catch (failure) {
      setProblem(
        failure instanceof ApiProblem
          ? failure
          : new ApiProblem(0, String(failure), undefined, [], undefined),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={760}>
      <Title order={2}>
        {t('newCase')}: {term(workflow.caseType)}
      </Title>
      <Text size="sm" c="dimmed">
        {hint(`create.${workflow.caseType}`, workflow.create.description)}
      </Text>
      {!allowed && <Alert color="yellow">{t('notAllowed')}</Alert>}
      <RefusalAlert problem={problem} schema={schema} />
      <Paper withBorder p="md" component="form" onSubmit={submit} noValidate data-testid="create-form">
        <Stack>
          <SchemaForm
            resource={resource}
            schema={schema}
            value={form}
            onChange={setValue}
            errors={fieldErrors(problem?.errors ?? [], fieldError)}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={!allowed}>
              {t('submit')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
