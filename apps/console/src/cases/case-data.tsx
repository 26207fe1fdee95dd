import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n, type I18n } from '../i18n/i18n';

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function present(value: unknown): boolean {
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/** One value in words: money in currency, moments in the user's time zone, ids of choices translated. */
function renderValue(path: string, value: unknown, i18n: I18n, currency: unknown, depth: number): ReactNode {
  const key = path.split('.').pop()!;
  if (key === 'policyVersion' && typeof value === 'string') return i18n.policyVersion(value);
  if (typeof value === 'number' && key.endsWith('Cents')) return i18n.money(value, currency);
  if (typeof value === 'boolean') return value ? i18n.t('yes') : i18n.t('no');
  if (typeof value === 'string' && ISO_MOMENT.test(value)) return i18n.dateTime(value);
  if (typeof value === 'string') return i18n.choice(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      return value.map((item) => (typeof item === 'string' ? i18n.choice(item) : String(item))).join('、');
    }
    return value.map((item, index) => (
      <div key={index} style={{ marginBottom: 4 }}>
        {renderValue(path, item, i18n, currency, depth + 1)}
      </div>
    ));
  }
  if (value !== null && typeof value === 'object') {
    return (
      <DataTable
        data={value as Record<string, unknown>}
        i18n={i18n}
        currency={currency}
        depth={depth + 1}
        path={path}
      />
    );
  }
  return String(value);
}

export function DataTable({
  data,
  i18n,
  currency,
  depth,
  path,
}: {
  readonly data: Record<string, unknown>;
  readonly i18n: I18n;
  readonly currency: unknown;
  readonly depth: number;
  /** Where this table sits in the case data (`waiver`, `costLines`): nested fields are named by path. */
  readonly path?: string;
}) {
  const pathOf = (key: string) => (path === undefined ? key : `${path}.${key}`);
  // An eligibility reason ({ ruleId, text }) is said by its rule, so Chinese never shows the English text.
  // `NONE` marks the engine's "nothing applies": it is no rule, and the text says it in words.
  const said =
    typeof data.ruleId === 'string' && typeof data.text === 'string'
      ? {
          ...data,
          ruleId: data.ruleId === 'NONE' ? undefined : data.ruleId,
          text: i18n.rule(data.ruleId, data.text),
        }
      : data;
  const rows = Object.entries(said).filter(([, value]) => present(value));
  if (rows.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Table withRowBorders={depth === 0} layout="fixed" verticalSpacing={depth === 0 ? 'xs' : 2} fz="sm">
      <Table.Tbody>
        {rows.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th w={depth === 0 ? '30%' : '40%'} scope="row" fw={depth === 0 ? 600 : 500}>
              {i18n.field(pathOf(key))}
            </Table.Th>
            <Table.Td style={{ wordBreak: 'break-word' }}>
              {renderValue(pathOf(key), value, i18n, currency, depth)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The case's data as labelled tables (nested objects as nested tables). */
export function CaseData({ data }: { readonly data: Record<string, unknown> }) {
  const i18n = useI18n();
  return (
    <div data-testid="case-data">
      <DataTable data={data} i18n={i18n} currency={data.currency} depth={0} />
    </div>
  );
}
