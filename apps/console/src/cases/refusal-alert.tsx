import { Alert, List, Text } from '@mantine/core';
import type { JsonSchema } from '../api/action-schemas';
import type { ApiProblem } from '../api/problem';
import { problemText } from '../api/problem-text';
import { useI18n } from '../i18n/i18n';

/**
 * Why the server refused a form: the problem's detail, and the reasons for fields the form does not
 * show (those it shows carry their reason under the field itself).
 */
export function RefusalAlert({
  problem,
  schema,
}: {
  readonly problem: ApiProblem | null;
  readonly schema: JsonSchema | null;
}) {
  const i18n = useI18n();
  const { t, field, fieldError, language } = i18n;
  if (problem === null) return null;
  const shown = new Set(Object.keys(schema?.properties ?? {}));
  const elsewhere = problem.errors.filter((error) => !shown.has(error.field.split(/[.[]/)[0]!));
  return (
    <Alert color="red" title={t('validationTitle')} role="alert">
      <Text size="sm">
        {problem.errors.length === 0
          ? problemText(problem, i18n).detail
          : language === 'en'
            ? (problem.detail ?? problem.title)
            : t('fieldsToFix')}
      </Text>
      {elsewhere.length > 0 && (
        <List size="sm">
          {elsewhere.map((error) => (
            <List.Item key={`${error.field}-${error.reason}`}>
              {field(error.field)}: {fieldError(error)}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
