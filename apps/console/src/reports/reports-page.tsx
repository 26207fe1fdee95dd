import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiProblem } from '../api/problem';
import { useLoad } from '../api/use-load';
import { useI18n } from '../i18n/i18n';
import type { UiKey } from '../i18n/messages';
import { LoadError } from '../layout/load-error';
import { useSession } from '../session/session';
import { ChartLegend } from '../sla/chart-legend';

/** `GET /api/v1/reports/{name}` as JSON (docs/reports.md). */
interface ReportResult {
  readonly report: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly groupBy: string;
  readonly groupings: readonly string[];
  readonly chart: readonly string[];
  readonly columns: readonly { readonly id: string; readonly zh: string; readonly en: string }[];
  readonly rows: readonly Record<string, string | number | null>[];
}

const REPORTS: readonly { name: string; label: UiKey }[] = [
  { name: 'follow-ups-daily', label: 'reportFollowUpsDaily' },
  { name: 'follow-ups-monthly', label: 'reportFollowUpsMonthly' },
  { name: 'complaints', label: 'reportComplaints' },
  { name: 'satisfaction', label: 'reportSatisfaction' },
  { name: 'warranty-cost', label: 'reportWarrantyCost' },
  { name: 'lost-customers', label: 'reportLostCustomers' },
];
/** Groupings whose values are domain words (translated); the others are ids, days and months. */
const WORDS = new Set(['trigger', 'category', 'channel', 'source']);
const PALETTE = ['#364fc7', '#2b8a3e', '#e67700', '#c92a2a', '#862e9c', '#0b7285', '#a61e4d'];

/** The reports with a bar chart per report and its table, exported as CSV or Excel in the same scope. */
export function ReportsPage() {
  const { t, term, language } = useI18n();
  const session = useSession();
  const [name, setName] = useState('follow-ups-daily');
  const [groupBy, setGroupBy] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [exportError, setExportError] = useState<unknown>(undefined);
  const query = { from, to, ...(groupBy !== null ? { groupBy } : {}) };
  const report = useLoad(
    () => session.api.get<ReportResult>(`/api/v1/reports/${name}`, query),
    JSON.stringify([name, query]),
  );
  const result = report.data?.report === name ? report.data : undefined;
  const label = (column: { zh: string; en: string }) => (language === 'zh-CN' ? column.zh : column.en);
  const grouping = (id: string) => {
    const column = result?.columns.find((candidate) => candidate.id === id);
    return column !== undefined ? label(column) : term(id);
  };
  // The key columns come first: the period (day or month) when the report has one, then the grouping.
  const keyColumns = result === undefined ? 0 : result.columns[0]?.id === result.groupBy ? 1 : 2;
  const valueOf = (column: string, value: string | number | null) => {
    if (value === null) return '—';
    if (value === 'all') return t('all');
    if (value === '(none)') return '—';
    return typeof value === 'string' && WORDS.has(column) ? term(value) : String(value);
  };
  const rowLabel = (row: Record<string, string | number | null>) =>
    result === undefined
      ? ''
      : result.columns
          .slice(0, keyColumns)
          .map((column) => valueOf(column.id, row[column.id] ?? null))
          .filter((text) => text !== t('all'))
          .join(' · ') || t('all');
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExportError(undefined);
    try {
      await session.api.download(`/api/v1/reports/${name}`, { ...query, format }, `${name}.${format}`);
    } catch (failure) {
      setExportError(failure instanceof ApiProblem ? failure : String(failure));
    }
  };

  return (
    <Stack>
      <Title order={2}>{t('navReports')}</Title>
      <Group align="end" data-testid="report-query">
        <Select
          label={t('report')}
          value={name}
          allowDeselect={false}
          onChange={(value) => {
            if (value === null) return;
            setName(value);
            setGroupBy(null);
          }}
          data={REPORTS.map((item) => ({ value: item.name, label: t(item.label) }))}
        />
        <Select
          label={t('groupBy')}
          value={groupBy ?? result?.groupBy ?? null}
          allowDeselect={false}
          onChange={setGroupBy}
          data={(result?.groupings ?? []).map((id) => ({ value: id, label: grouping(id) }))}
        />
        <TextInput
          label={t('fromDay')}
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput label={t('toDay')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button variant="light" onClick={() => void exportAs('csv')} data-testid="report-export-csv">
          {t('exportCsv')}
        </Button>
        <Button variant="light" onClick={() => void exportAs('xlsx')} data-testid="report-export-xlsx">
          {t('exportXlsx')}
        </Button>
      </Group>
      <LoadError error={report.error ?? exportError} />
      <Paper withBorder p="sm" data-testid="report-chart">
        <Title order={3} size="h6" mb="xs">
          {result === undefined ? '' : label(result.title)}
        </Title>
        {result === undefined || result.rows.length === 0 ? (
          <Text c="dimmed">{t('empty')}</Text>
        ) : (
          <ResponsiveContainer width="100%" height={280}>
            <BarChart
              data={result.rows.map((row) => ({ ...row, label: rowLabel(row) }))}
              margin={{ top: 8, right: 16, bottom: 8, left: 0 }}
              accessibilityLayer
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={12} />
              <YAxis fontSize={12} />
              <Tooltip />
              <Legend content={(props) => <ChartLegend payload={props.payload} />} />
              {result.chart.map((id, index) => {
                const column = result.columns.find((candidate) => candidate.id === id);
                return (
                  <Bar
                    key={id}
                    dataKey={id}
                    name={column !== undefined ? label(column) : id}
                    fill={PALETTE[index % PALETTE.length]}
                    isAnimationActive={false}
                  />
                );
              })}
            </BarChart>
          </ResponsiveContainer>
        )}
      </Paper>
      {result !== undefined && result.rows.length > 0 && (
        <Paper withBorder p="sm" style={{ overflowX: 'auto' }}>
          <Table striped data-testid="report-table">
            <Table.Thead>
              <Table.Tr>
                {result.columns.map((column) => (
                  <Table.Th key={column.id}>{label(column)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rows.map((row) => (
                <Table.Tr key={rowLabel(row)}>
                  {result.columns.map((column) => (
                    <Table.Td key={column.id}>{valueOf(column.id, row[column.id] ?? null)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
