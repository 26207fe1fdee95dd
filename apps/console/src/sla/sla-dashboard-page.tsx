import {
  Anchor,
  Badge,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ChartLegend } from './chart-legend';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Page, SlaDeadlineRow, SlaReportGroup } from '../api/types';
import { useLoad } from '../api/use-load';
import { shortId } from '../cases/short-id';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { hrefOf } from '../route';
import { useSession } from '../session/session';
import { compliancePeriods, spanOf, type Granularity } from './compliance-periods';

interface Report {
  readonly groups: SlaReportGroup[];
}

const PALETTE = ['#364fc7', '#c92a2a', '#2b8a3e', '#e67700', '#862e9c', '#0b7285', '#5c940d', '#a61e4d'];

/** Compliance over time by dealer and by deadline kind (met ÷ decided), and the breaches behind it. */
export function SlaDashboardPage() {
  const { t, term, deadline, dateTime, language } = useI18n();
  const session = useSession();
  const [granularity, setGranularity] = useState<Granularity>('weeks');
  const catalog = useLoad(() => session.workflows(), 'workflows');

  const series = useLoad(async () => {
    const periods = compliancePeriods(granularity, new Date(), language);
    const reports = await Promise.all(
      periods.flatMap((period) =>
        (['dealer', 'kind'] as const).map((groupBy) =>
          session.api.get<Report>('/api/v1/sla/report', { groupBy, from: period.from, to: period.to }),
        ),
      ),
    );
    const chart = (offset: number) => {
      const keys = new Set<string>();
      const rows = periods.map((period, index) => {
        const row: Record<string, string | number | null> = { period: period.label };
        for (const group of reports[index * 2 + offset]!.groups) {
          keys.add(group.group);
          row[group.group] = group.compliancePercent;
        }
        return row;
      });
      return { rows, keys: [...keys].sort() };
    };
    return { byDealer: chart(0), byKind: chart(1) };
  }, `${granularity}|${language}`);

  const totals = useLoad(
    () =>
      session.api.get<Report>('/api/v1/sla/report', {
        groupBy: 'dealer',
        ...spanOf(compliancePeriods(granularity, new Date(), language)),
      }),
    `totals|${granularity}`,
  );
  const breaches = useLoad(
    () => session.api.get<Page<SlaDeadlineRow>>('/api/v1/sla/deadlines', { status: 'breached', limit: 100 }),
    'breaches',
  );

  const chartOf = (
    title: string,
    data: { rows: Record<string, string | number | null>[]; keys: string[] } | undefined,
    label: (key: string) => string,
    testId: string,
  ) => (
    <Paper withBorder p="sm" data-testid={testId}>
      <Title order={3} size="h6" mb="xs">
        {title} (%)
      </Title>
      {data === undefined || data.keys.length === 0 ? (
        <Text c="dimmed">{t('empty')}</Text>
      ) : (
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data.rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="period" fontSize={12} />
            <YAxis domain={[0, 100]} fontSize={12} unit="%" />
            <Tooltip />
            <Legend content={(props) => <ChartLegend payload={props.payload} />} />
            {data.keys.map((key, index) => (
              <Line
                key={key}
                type="monotone"
                dataKey={key}
                name={label(key)}
                stroke={PALETTE[index % PALETTE.length]}
                strokeWidth={2}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </Paper>
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('navSla')}</Title>
        <SegmentedControl
          aria-label={t('period')}
          value={granularity}
          onChange={(value) => setGranularity(value as Granularity)}
          data={[
            { value: 'weeks', label: t('weeks') },
            { value: 'days', label: t('days') },
          ]}
        />
      </Group>
      <LoadError error={series.error ?? totals.error ?? breaches.error} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {chartOf(t('byDealer'), series.data?.byDealer, (key) => key, 'chart-by-dealer')}
        {chartOf(t('byKind'), series.data?.byKind, (key) => deadline(key), 'chart-by-kind')}
      </SimpleGrid>
      <Paper withBorder p="sm">
        <Title order={3} size="h6" mb="xs">
          {t('compliance')}
        </Title>
        <Table data-testid="sla-totals">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('dealer')}</Table.Th>
              <Table.Th>{t('met')}</Table.Th>
              <Table.Th>{t('breached')}</Table.Th>
              <Table.Th>{t('pending')}</Table.Th>
              <Table.Th>{t('compliance')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(totals.data?.groups ?? []).map((group) => (
              <Table.Tr key={group.group}>
                <Table.Td>{group.group}</Table.Td>
                <Table.Td>{group.met}</Table.Td>
                <Table.Td>{group.breached}</Table.Td>
                <Table.Td>{group.pending}</Table.Td>
                <Table.Td>{group.compliancePercent === null ? '—' : `${group.compliancePercent}%`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h6" mb="xs">
          {t('breaches')}
        </Title>
        {(breaches.data?.items ?? []).length === 0 ? (
          <Text c="dimmed">{t('empty')}</Text>
        ) : (
          <Table striped data-testid="sla-breaches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('case')}</Table.Th>
                <Table.Th>{t('deadline')}</Table.Th>
                <Table.Th>{t('dealer')}</Table.Th>
                <Table.Th>{t('dueAt')}</Table.Th>
                <Table.Th>{t('breachedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(breaches.data?.items ?? []).map((row) => (
                <Table.Tr key={`${row.caseId}-${row.kind}-${row.dueAt}`}>
                  <Table.Td>
                    <Anchor
                      href={hrefOf({
                        page: 'case',
                        resource: catalog.data?.resourceOf(row.caseType) ?? row.caseType,
                        id: row.caseId,
                      })}
                    >
                      {term(row.caseType)} {shortId(row.caseId)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color="red.9">{deadline(row.kind)}</Badge>
                  </Table.Td>
                  <Table.Td>{row.dealerId ?? '—'}</Table.Td>
                  <Table.Td>{dateTime(row.dueAt)}</Table.Td>
                  <Table.Td>{dateTime(row.breachedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
