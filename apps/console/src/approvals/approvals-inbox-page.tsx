import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { CaseView } from '../api/types';
import { useLoad } from '../api/use-load';
import { useRefresh } from '../api/use-refresh';
import { shortId } from '../cases/short-id';
import { DeadlineBadge, mostUrgent } from '../cases/deadline-badge';
import { StateBadge } from '../cases/state-badge';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { hrefOf } from '../route';
import { useSession } from '../session/session';
import { AbsencePanel } from './absence-panel';
import { ApprovalChain } from './approval-chain';

/**
 * The signer's inbox: every application with an approval chain where it is the caller's turn, or an absent
 * approver's turn the caller acts for (marked), and the caller's own absences.
 */
export function ApprovalsInboxPage() {
  const { t, term, money, dateTime } = useI18n();
  const session = useSession();
  const queue = useLoad(
    () => session.api.get<{ items: CaseView[] }>('/api/v1/work-queue', { limit: 200 }),
    'approvals',
  );
  const catalog = useLoad(() => session.workflows(), 'workflows');
  useRefresh(queue.reload);
  const items = (queue.data?.items ?? []).filter(
    (item) => (catalog.data?.of(item.type, item.machineVersion)?.approvalChain.length ?? 0) > 0,
  );

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={2}>{t('navApprovals')}</Title>
          <Text size="sm" c="dimmed">
            {t('approvalsHint')}
          </Text>
        </div>
        <Button variant="default" size="sm" onClick={queue.reload}>
          {t('refresh')}
        </Button>
      </Group>
      <LoadError error={queue.error ?? catalog.error} />
      {queue.data !== undefined && items.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      <SimpleGrid cols={{ base: 1, lg: 2 }} data-testid="approvals-inbox">
        {items.map((item) => {
          const workflow = catalog.data!.of(item.type, item.machineVersion)!;
          const urgent = mostUrgent(item.deadlines);
          const amount = item.data.approvedAmountCents ?? item.data.amountCents;
          return (
            <Card key={item.id} withBorder data-case-id={item.id}>
              <Group justify="space-between" mb="xs">
                <Anchor href={hrefOf({ page: 'case', resource: workflow.resource, id: item.id })} fw={600}>
                  {term(item.type)} {shortId(item.id)}
                </Anchor>
                <Group gap="xs">
                  {item.delegatedFrom !== undefined && (
                    <Badge color="grape" variant="light" data-testid="delegated-from">
                      {t('actingFor')} {item.delegatedFrom.name ?? item.delegatedFrom.id}
                    </Badge>
                  )}
                  <StateBadge state={item.state} />
                </Group>
              </Group>
              <Group gap="lg" mb="xs">
                <Text size="sm">
                  {t('amount')}:{' '}
                  <strong>{typeof amount === 'number' ? money(amount, item.data.currency) : '—'}</strong>
                </Text>
                <Text size="sm">
                  {t('dealer')}: {item.dealerId ?? '—'}
                </Text>
                <Text size="sm">
                  {t('updatedAt')}: {dateTime(item.updatedAt)}
                </Text>
              </Group>
              {urgent !== undefined && <DeadlineBadge deadline={urgent} />}
              <ApprovalChain
                chain={workflow.approvalChain}
                data={item.data}
                assignedRole={item.assignedRole}
                finished={false}
              />
            </Card>
          );
        })}
      </SimpleGrid>
      <AbsencePanel />
    </Stack>
  );
}
