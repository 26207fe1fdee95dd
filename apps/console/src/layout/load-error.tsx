import { Alert } from '@mantine/core';
import { ApiProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';

/** A failed read, said plainly: the problem's title and detail, never a stack. */
export function LoadError({ error }: { readonly error: unknown }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  const title =
    error instanceof ApiProblem
      ? error.status === 403
        ? t('forbidden')
        : error.status === 404
          ? t('notFound')
          : error.title
      : 'Error';
  const detail = error instanceof ApiProblem ? (error.detail ?? error.title) : String(error);
  return (
    <Alert color="red" title={title} role="alert" my="sm">
      {detail}
    </Alert>
  );
}
