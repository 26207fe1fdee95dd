import { Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApiProblem } from '../api/problem';
import type { CaseView, HistoryEvent } from '../api/types';
import { useLoad } from '../api/use-load';
import { ApprovalChain } from '../approvals/approval-chain';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { useSession } from '../session/session';
import { ActionDialog } from './action-dialog';
import { AsOfSlider } from './as-of-slider';
import { CaseData } from './case-data';
import { shortId } from './short-id';
import { ClockControl } from './clock-control';
import { DeadlineBadge } from './deadline-badge';
import type { FormValue } from './form-value';
import { HistoryTimeline } from './history-timeline';
import { AttachmentsPanel } from './attachments-panel';
import { StateBadge } from './state-badge';
import { VerificationBadge } from './verification-badge';
import { WorkflowDiagram } from './workflow-diagram';
import { paperFormsOf } from '../print/paper-forms';
import { hrefOf } from '../route';

/** An action being filled in, with what was chosen where it was started. */
interface StartedAction {
  readonly name: string;
  readonly preset?: FormValue;
}

/** One case: its data, where it stands on its machine, what the caller may do now, and its whole past. */
export function CasePage({ resource, id }: { readonly resource: string; readonly id: string }) {
  const { t, term, dateTime } = useI18n();
  const session = useSession();
  const [asOf, setAsOf] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [action, setAction] = useState<StartedAction | null>(null);
  const [conflict, setConflict] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const view = useLoad(
    () => session.api.get<CaseView>(`/api/v1/${resource}/${id}`, { asOf: asOf ?? undefined }),
    `${asOf ?? 'now'}|${round}`,
  );
  const history = useLoad(
    () => session.api.get<{ events: HistoryEvent[] }>(`/api/v1/${resource}/${id}/history`),
    String(round),
  );
  const catalog = useLoad(() => session.workflows(), 'workflows');
  const schemas = useLoad(() => session.schemas(), 'schemas');

  const events = history.data?.events ?? [];
  const last = events.length - 1;
  const asOfIndex = asOf === null ? last : events.findLastIndex((event) => event.occurredAt <= asOf);
  const current = view.data;
  const workflow = current !== undefined ? catalog.data?.of(current.type, current.machineVersion) : undefined;
  const finished = current !== undefined && (workflow?.finalStates.includes(current.state) ?? false);

  const refresh = () => setRound((value) => value + 1);

  if (current === undefined) {
    return view.error !== undefined ? <LoadError error={view.error} /> : <Text>{t('loading')}</Text>;
  }

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={2}>
            {term(current.type)} {shortId(current.id)}
          </Title>
          <StateBadge state={current.state} final={finished} />
          <Badge variant="outline" color="gray">
            {t('revision')} {current.revision}
          </Badge>
          <VerificationBadge resource={resource} id={id} round={round} />
          {paperFormsOf(current.type).map((paper) => (
            <Anchor
              key={paper.id}
              size="sm"
              href={hrefOf({ page: 'print', resource, id, form: paper.id })}
              target="_blank"
              data-testid={`print-${paper.id}`}
            >
              {t('print')}《{paper.title}》
            </Anchor>
          ))}
        </Group>
        <Button variant="default" size="sm" onClick={refresh}>
          {t('refresh')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {current.id} · {t('dealer')} {current.dealerId ?? '—'} · {t('region')} {current.regionId ?? '—'} ·{' '}
        {t('createdAt')} {dateTime(current.createdAt)} · {t('updatedAt')} {dateTime(current.updatedAt)}
      </Text>

      {asOf !== null && (
        <Alert color="yellow" title={t('asOf')} data-testid="as-of-banner">
          {t('viewingAsOf')} {dateTime(asOf)}
        </Alert>
      )}
      {conflict !== null && (
        <Alert
          color="orange"
          title={t('conflictTitle')}
          role="alert"
          withCloseButton
          closeButtonLabel={t('closeNotice')}
          onClose={() => setConflict(null)}
          data-testid="conflict"
        >
          {conflict.status === 412 ? t('conflict412') : t('conflict409')}
          {conflict.detail !== undefined && (
            <Text size="xs" mt={4}>
              {conflict.status} · {conflict.detail}
            </Text>
          )}
        </Alert>
      )}
      {notice !== null && (
        <Alert
          color="green"
          withCloseButton
          closeButtonLabel={t('closeNotice')}
          onClose={() => setNotice(null)}
          role="status"
        >
          {notice}
        </Alert>
      )}
      <LoadError error={view.error} />

      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack>
            {asOf === null && (
              <Paper withBorder p="sm">
                <Title order={3} size="h6" mb="xs">
                  {t('actions')}
                </Title>
                {(current.allowedActions ?? []).length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('noActions')}
                  </Text>
                ) : (
                  <Group gap="xs" data-testid="allowed-actions">
                    {(current.allowedActions ?? []).map((name) => (
                      <Button key={name} data-action={name} onClick={() => setAction({ name })}>
                        {term(name)}
                      </Button>
                    ))}
                  </Group>
                )}
              </Paper>
            )}
            {workflow !== undefined && workflow.approvalChain.length > 0 && (
              <ApprovalChain
                chain={workflow.approvalChain}
                data={current.data}
                assignedRole={current.assignedRole}
                finished={finished}
              />
            )}
            {current.deadlines.length > 0 && (
              <Paper withBorder p="sm">
                <Title order={3} size="h6" mb="xs">
                  {t('deadline')}
                </Title>
                <Stack gap={4}>
                  {current.deadlines.map((deadline) => (
                    <Group key={`${deadline.kind}-${deadline.dueAt}`} justify="space-between" wrap="nowrap">
                      <DeadlineBadge deadline={deadline} />
                      {asOf === null && schemas.data !== undefined && (
                        <ClockControl
                          deadline={deadline}
                          allowedActions={current.allowedActions ?? []}
                          schemas={schemas.data}
                          resource={resource}
                          onStart={(name) => setAction({ name, preset: { deadline: deadline.kind } })}
                        />
                      )}
                    </Group>
                  ))}
                </Stack>
              </Paper>
            )}
            <Paper withBorder p="sm">
              <Title order={3} size="h6" mb="xs">
                {t('caseData')} · {t('assignedRole')}: {term(current.assignedRole)}
              </Title>
              <CaseData data={current.data} />
            </Paper>
            <AttachmentsPanel resource={resource} id={id} round={round} onAdded={refresh} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          {workflow !== undefined && (
            <WorkflowDiagram
              diagram={workflow.diagram}
              state={current.state}
              visited={events
                .slice(0, asOfIndex + 1)
                .flatMap((event) => [event.fromState ?? '', event.toState])
                .filter((state) => state !== '')}
            />
          )}
        </Grid.Col>
      </Grid>

      <Paper withBorder p="sm">
        <Title order={3} size="h6" mb="sm">
          {t('history')}
        </Title>
        <LoadError error={history.error} />
        <AsOfSlider
          events={events}
          index={asOfIndex}
          onChange={(index) => setAsOf(index >= last ? null : (events[index]?.occurredAt ?? null))}
        />
        <HistoryTimeline events={events} upTo={asOfIndex} />
      </Paper>

      {action !== null && schemas.data !== undefined && (
        <ActionDialog
          resource={resource}
          view={current}
          action={action.name}
          schema={schemas.data.action(resource, action.name)}
          preset={action.preset}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            setConflict(null);
            setNotice(`${t('done')}: ${term(action.name)}`);
            refresh();
          }}
          onConflict={(problem) => {
            setAction(null);
            setNotice(null);
            setConflict(problem);
            refresh();
          }}
        />
      )}
    </Stack>
  );
}
