import { Alert } from '@mantine/core';
import { problemText } from '../api/problem-text';
import { useI18n } from '../i18n/i18n';

/** A failed read, said plainly in the user's language, never a stack. */
export function LoadError({ error }: { readonly error: unknown }) {
  const i18n = useI18n();
  if (error === undefined || error === null) return null;
  const { title, detail } = problemText(error, i18n);
  return (
    <Alert color="red" title={title} role="alert" my="sm">
      {detail}
    </Alert>
  );
}
