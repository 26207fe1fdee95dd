import type { I18n } from '../i18n/i18n';
import type { UiKey } from '../i18n/messages';
import { ApiProblem } from './problem';

export interface ProblemText {
  readonly title: string;
  readonly detail: string;
}

const TITLE_BY_STATUS: Readonly<Record<number, UiKey>> = {
  400: 'validationTitle',
  401: 'unauthorizedTitle',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflictTitle',
  412: 'conflictTitle',
  410: 'goneTitle',
  413: 'tooLargeTitle',
  415: 'unsupportedTypeTitle',
  422: 'unprocessableTitle',
  429: 'tooManyTitle',
};

const DETAIL_BY_STATUS: Readonly<Record<number, UiKey>> = {
  400: 'badRequestDetail',
  401: 'unauthorizedDetail',
  403: 'forbiddenDetail',
  404: 'notFoundDetail',
  409: 'conflict409',
  412: 'conflict412',
  410: 'goneDetail',
  413: 'tooLargeDetail',
  415: 'unsupportedTypeDetail',
  422: 'unprocessableDetail',
  429: 'tooManyDetail',
};

/**
 * A failed request in the user's language. In Chinese the server's English title and detail are not
 * shown: the status says what happened and each field error is said from its code. In English the
 * server's own words are the most precise.
 */
export function problemText(
  error: unknown,
  i18n: Pick<I18n, 'language' | 't' | 'field' | 'fieldError'>,
): ProblemText {
  const { language, t, field, fieldError } = i18n;
  if (!(error instanceof ApiProblem)) {
    return language === 'en'
      ? { title: t('errorTitle'), detail: String(error) }
      : { title: t('errorTitle'), detail: t('networkDetail') };
  }
  const title = t(TITLE_BY_STATUS[error.status] ?? (error.status >= 500 ? 'serverErrorTitle' : 'errorTitle'));
  if (language === 'en') {
    const fields = error.errors.map((e) => `${field(e.field)}: ${fieldError(e)}`);
    return { title, detail: [error.detail ?? error.title, ...fields].join(' · ') };
  }
  if (error.errors.length > 0) {
    return { title, detail: error.errors.map((e) => `${field(e.field)}：${fieldError(e)}`).join('；') };
  }
  const detail =
    DETAIL_BY_STATUS[error.status] ?? (error.status >= 500 ? 'serverErrorDetail' : 'requestFailedDetail');
  return { title, detail: t(detail) };
}
