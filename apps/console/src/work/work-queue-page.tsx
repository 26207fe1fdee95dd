import {
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { CaseView } from '../api/types';
import { useLoad } from '../api/use-load';
import { useRefresh } from '../api/use-refresh';
import { caseSummary, customerOf, isMajor } from '../cases/case-summary';
import { shortId } from '../cases/short-id';
import { DeadlineBadge, mostUrgent, toneOf } from '../cases/deadline-badge';
import { StateBadge } from '../cases/state-badge';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { hrefOf } from '../route';
import { useSession } from '../session/session';

type ToneFilter = 'all' | 'pending' | 'warning' | 'paused' | 'breached';

/** My work: the cases where the caller can act now, most urgent deadline first (as the API orders them). */
export function WorkQueuePage() {
  const i18n = useI18n();
  const { t, term, dateTime } = i18n;
  const session = useSession();
  const queue = useLoad(
    () => session.api.get<{ items: CaseView[] }>('/api/v1/work-queue', { limit: 200 }),
    'work-queue',
  );
  const catalog = useLoad(() => session.workflows(), 'workflows');
  useRefresh(queue.reload);
  const [caseType, setCaseType] = useState<string | null>(null);
  const [tone, setTone] = useState<ToneFilter>('all');
  const [filter, setFilter] = useState('');

  const items = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (queue.data?.items ?? []).filter((item) => {
      if (caseType !== null && item.type !== caseType) return false;
      const urgent = mostUrgent(item.deadlines);
      if (tone !== 'all' && (urgent === undefined || toneOf(urgent) !== tone)) return false;
      return needle === '' || `${item.id} ${JSON.stringify(item.data)}`.toLowerCase().includes(needle);
    });
  }, [queue.data, caseType, tone, filter]);

  const creatable = catalog.data?.creatableBy(session.claims?.roles ?? []) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('navWork')}</Title>
        <Group gap="xs">
          {creatable.map((workflow) => (
            <Button
              key={workflow.resource}
              component="a"
              href={hrefOf({ page: 'new', resource: workflow.resource })}
              size="sm"
            >
              {t('navNew')} {term(workflow.caseType)}
            </Button>
          ))}
          <Button variant="default" size="sm" onClick={queue.reload}>
            {t('refresh')}
          </Button>
        </Group>
      </Group>
      <Group align="end">
        <Select
          label={t('caseType')}
          placeholder={t('all')}
          data={(catalog.data?.latest() ?? []).map((workflow) => ({
            value: workflow.caseType,
            label: term(workflow.caseType),
          }))}
          value={caseType}
          onChange={setCaseType}
          clearable
        />
        <div>
          <Text component="label" size="sm" fw={500} id="tone-label" display="block">
            {t('deadlineStatus')}
          </Text>
          <SegmentedControl
            aria-labelledby="tone-label"
            value={tone}
            onChange={(value) => setTone(value as ToneFilter)}
            data={(['all', 'pending', 'warning', 'paused', 'breached'] as const).map((value) => ({
              value,
              label: t(value),
            }))}
          />
        </div>
        <TextInput
          label={t('search')}
          placeholder={t('filterText')}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
        />
      </Group>
      <LoadError error={queue.error} />
      {queue.loading && queue.data === undefined ? (
        <Text>{t('loading')}</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('empty')}</Text>
      ) : (
        <Table striped highlightOnHover data-testid="work-queue">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('case')}</Table.Th>
              <Table.Th>{t('caseType')}</Table.Th>
              <Table.Th>{t('state')}</Table.Th>
              <Table.Th>{t('deadline')}</Table.Th>
              <Table.Th>{t('dealer')}</Table.Th>
              <Table.Th>{t('updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const urgent = mostUrgent(item.deadlines);
              return (
                <Table.Tr key={item.id} data-case-id={item.id}>
                  <Table.Td>
                    <Anchor
                      href={hrefOf({
                        page: 'case',
                        resource: catalog.data?.resourceOf(item.type) ?? item.type,
                        id: item.id,
                      })}
                    >
                      {shortId(item.id)}
                    </Anchor>
                    {isMajor(item) && (
                      <Badge color="red" variant="filled" size="sm" ml="xs" data-testid="major-marker">
                        {t('majorComplaint')}
                      </Badge>
                    )}
                    {customerOf(item) !== undefined && (
                      <Text size="sm" data-testid="queue-customer">
                        {t('customer')}：{customerOf(item)}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" lineClamp={1} maw={320}>
                      {caseSummary(item, i18n)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{term(item.type)}</Table.Td>
                  <Table.Td>
                    <StateBadge state={item.state} />
                    {item.delegatedFrom !== undefined && (
                      <Badge color="grape" variant="light" ml="xs" data-testid="delegated-from">
                        {t('actingFor')} {item.delegatedFrom.name ?? item.delegatedFrom.id}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{urgent !== undefined ? <DeadlineBadge deadline={urgent} /> : '—'}</Table.Td>
                  <Table.Td>{item.dealerId ?? '—'}</Table.Td>
                  <Table.Td>{dateTime(item.updatedAt)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
