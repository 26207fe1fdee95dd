import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ApiProblem } from '../api/problem';
import type { CaseView, Page, SlaDeadlineRow } from '../api/types';
import { useLoad } from '../api/use-load';
import { useRefresh } from '../api/use-refresh';
import { ActionDialog } from '../cases/action-dialog';
import { shortId } from '../cases/short-id';
import { useI18n } from '../i18n/i18n';
import type { UiKey } from '../i18n/messages';
import { LoadError } from '../layout/load-error';
import { hrefOf } from '../route';
import { useSession } from '../session/session';
import { callsDueToday, endOfLocalDay, type CallUrgency } from './calls-due-today';

const RESOURCE = 'follow-ups';
/** The actions customer service takes from the list; the case page offers every other one. */
const CALL_ACTIONS = ['record-attempt', 'complete', 'cancel'] as const;

const URGENCY: Record<CallUrgency, { label: UiKey; color: string }> = {
  overdue: { label: 'callOverdue', color: 'red' },
  'due-today': { label: 'callDueToday', color: 'orange' },
  open: { label: 'callOpen', color: 'blue' },
};

/**
 * 今日回访: the follow-up calls customer service should make today — window open by the end of the day,
 * or already closed and still to be made — most urgent first, each with its call forms at hand.
 */
export function FollowUpsTodayPage() {
  const { t, term, choice, dateTime } = useI18n();
  const session = useSession();
  const [round, setRound] = useState(0);
  const [acting, setActing] = useState<{ view: CaseView; action: string } | null>(null);
  const [conflict, setConflict] = useState<ApiProblem | null>(null);
  const endOfToday = useMemo(() => endOfLocalDay(new Date()), []);
  const key = String(round);
  const scheduled = useLoad(
    () =>
      session.api.get<Page<CaseView>>(`/api/v1/${RESOURCE}`, {
        state: 'scheduled',
        // Only windows open by the end of today: later calls wait for their day.
        dueBefore: endOfToday.toISOString(),
        limit: 200,
      }),
    `scheduled|${key}`,
  );
  const missed = useLoad(
    () => session.api.get<Page<CaseView>>(`/api/v1/${RESOURCE}`, { state: 'missed', limit: 200 }),
    `missed|${key}`,
  );
  const windows = useLoad(
    () =>
      session.api.get<Page<SlaDeadlineRow>>('/api/v1/sla/deadlines', {
        caseType: 'follow-up',
        kind: 'window',
        dueBefore: endOfToday.toISOString(),
        limit: 200,
      }),
    `windows|${key}`,
  );
  const schemas = useLoad(() => session.schemas(), 'schemas');
  const reload = () => setRound((value) => value + 1);
  useRefresh(reload);

  const calls = callsDueToday(
    scheduled.data?.items ?? [],
    missed.data?.items ?? [],
    windows.data?.items ?? [],
    new Date(),
    endOfToday,
  );
  const loaded = scheduled.data !== undefined && missed.data !== undefined;

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('navFollowUps')}</Title>
          <Text size="sm" c="dimmed">
            {t('followUpsHint')}
          </Text>
        </div>
        <Button variant="default" size="sm" onClick={reload}>
          {t('refresh')}
        </Button>
      </Group>
      <LoadError error={scheduled.error ?? missed.error ?? windows.error} />
      {conflict !== null && (
        <Text c="orange.9" role="alert" data-testid="conflict">
          {conflict.status === 412 ? t('conflict412') : t('conflict409')}
        </Text>
      )}
      {loaded && calls.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {calls.length > 0 && (
        <Table striped data-testid="follow-ups-today">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('case')}</Table.Th>
              <Table.Th>{t('callPurpose')}</Table.Th>
              <Table.Th>VIN</Table.Th>
              <Table.Th>{t('callWindow')}</Table.Th>
              <Table.Th>{t('callAttempts')}</Table.Th>
              <Table.Th>{t('actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {calls.map(({ view, window, urgency }) => (
              <Table.Tr key={view.id} data-case-id={view.id} data-urgency={urgency}>
                <Table.Td>
                  <Anchor href={hrefOf({ page: 'case', resource: RESOURCE, id: view.id })}>
                    {shortId(view.id)}
                  </Anchor>{' '}
                  <Badge color={URGENCY[urgency].color} variant="light" c="dark.9">
                    {t(URGENCY[urgency].label)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {String(view.data.purpose ?? '—')}
                  <Text size="xs" c="dimmed">
                    {choice(String(view.data.triggerKind ?? ''))} · {choice(String(view.data.channel ?? ''))}
                  </Text>
                </Table.Td>
                <Table.Td>{String(view.data.vin ?? '—')}</Table.Td>
                <Table.Td>
                  {dateTime(view.data.windowStartsAt as string | undefined)} –{' '}
                  {dateTime(window?.dueAt ?? (view.data.windowEndsAt as string | undefined))}
                </Table.Td>
                <Table.Td>
                  {String(view.data.notReached ?? 0)} / {String(view.data.maxAttempts ?? '—')}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {CALL_ACTIONS.map((action) => (
                      <Button
                        key={action}
                        size="xs"
                        variant={action === 'complete' ? 'filled' : 'light'}
                        data-action={action}
                        onClick={() => {
                          setConflict(null);
                          setActing({ view, action });
                        }}
                      >
                        {term(action)}
                      </Button>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {acting !== null && schemas.data !== undefined && (
        <ActionDialog
          resource={RESOURCE}
          view={acting.view}
          action={acting.action}
          schema={schemas.data.action(RESOURCE, acting.action)}
          onClose={() => setActing(null)}
          onDone={() => {
            setActing(null);
            reload();
          }}
          onConflict={(problem) => {
            setActing(null);
            setConflict(problem);
            reload();
          }}
        />
      )}
    </Stack>
  );
}
