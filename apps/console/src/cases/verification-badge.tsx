import { Badge, Tooltip } from '@mantine/core';
import type { Verification } from '../api/types';
import { useLoad } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';

/** Hash chain recomputed and every event re-decided by the server, per case. */
export function VerificationBadge({
  resource,
  id,
  round = 0,
}: {
  readonly resource: string;
  readonly id: string;
  readonly round?: number;
}) {
  const { t } = useI18n();
  const session = useSession();
  const report = useLoad(
    () => session.api.get<Verification>(`/api/v1/${resource}/${id}/verification`),
    `${resource}/${id}/${round}`,
  );
  if (report.data === undefined) {
    return (
      <Badge color="gray" variant="light" data-verification="pending">
        {report.error !== undefined ? '?' : t('verifying')}
      </Badge>
    );
  }
  const problems = report.data.problems.map((problem) => JSON.stringify(problem)).join('\n');
  return (
    <Tooltip label={report.data.ok ? `${report.data.events} ${t('events')}` : problems} multiline maw={420}>
      <Badge
        color={report.data.ok ? 'green' : 'red.9'}
        variant={report.data.ok ? 'light' : 'filled'}
        c={report.data.ok ? 'dark.9' : undefined}
        data-verification={report.data.ok ? 'ok' : 'failed'}
      >
        {report.data.ok ? `✓ ${t('verified')}` : `✗ ${t('verificationFailed')}`} · {report.data.events}{' '}
        {t('events')}
      </Badge>
    </Tooltip>
  );
}
