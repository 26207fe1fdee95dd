import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLoad } from '../api/use-load';
import { shortId } from '../cases/short-id';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { hrefOf } from '../route';
import { useSession } from '../session/session';

/** A customer record as `GET /api/v1/customers` answers it (docs/follow-ups.md "Customer records"). */
interface CustomerRecord {
  readonly id: string;
  readonly name: string | null;
  readonly phone: string | null;
  readonly class: string | null;
  readonly sensitivity: readonly string[];
  readonly responsible: { readonly id: string; readonly name?: string } | null;
  readonly vehicles: readonly {
    readonly vin: string;
    readonly plate: string | null;
    readonly model: string | null;
    readonly lastVisitAt: string | null;
  }[];
  readonly history: readonly {
    readonly caseType: string;
    readonly caseId: string;
    readonly kind: string;
    readonly occurredAt: string;
    readonly outcome: string | null;
    readonly state: string | null;
    readonly open: boolean;
  }[];
  readonly openCases: readonly unknown[];
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/i;

/** 客户档案: find a customer by VIN or phone and read their vehicles, contact history and open cases. */
export function CustomerRecordsPage() {
  const { t } = useI18n();
  const session = useSession();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState<Record<string, string> | null>(null);
  const found = useLoad(
    () =>
      query === null
        ? Promise.resolve({ items: [] as CustomerRecord[] })
        : session.api.get<{ items: CustomerRecord[] }>('/api/v1/customers', query),
    JSON.stringify(query),
  );
  const catalog = useLoad(() => session.workflows(), 'workflows');
  const search = (event: FormEvent) => {
    event.preventDefault();
    const value = typed.replace(/\s+/g, '');
    if (value === '') return;
    setQuery(VIN.test(value) ? { vin: value.toUpperCase() } : { phone: value });
  };

  return (
    <Stack>
      <div>
        <Title order={2}>{t('navCustomers')}</Title>
        <Text size="sm" c="dimmed">
          {t('customersHint')}
        </Text>
      </div>
      <form onSubmit={search}>
        <Group align="flex-end">
          <TextInput
            label={t('customerSearch')}
            placeholder="LSVAU2180N2183294 / 13800138000"
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            data-testid="customer-search"
          />
          <Button type="submit">{t('search')}</Button>
        </Group>
      </form>
      <LoadError error={found.error} />
      {query !== null && found.data !== undefined && found.data.items.length === 0 && (
        <Text c="dimmed">{t('empty')}</Text>
      )}
      {found.data?.items.map((record) => (
        <RecordCard
          key={record.id}
          record={record}
          resourceOf={(caseType) => catalog.data?.resourceOf(caseType) ?? caseType}
        />
      ))}
    </Stack>
  );
}

function RecordCard({
  record,
  resourceOf,
}: {
  record: CustomerRecord;
  resourceOf: (caseType: string) => string;
}) {
  const { t, term, choice, dateTime } = useI18n();
  return (
    <Card withBorder data-testid="customer-record" data-customer-id={record.id}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3}>{record.name ?? '—'}</Title>
          <Text>{record.phone ?? '—'}</Text>
          {record.class !== null && (
            <Badge variant="light" c="dark.9">
              {t('customerClass')} {record.class}
            </Badge>
          )}
          {record.sensitivity.map((flag) => (
            <Badge key={flag} color="red" variant="light" c="dark.9">
              {choice(flag)}
            </Badge>
          ))}
        </Group>
        <Text size="sm">
          {t('customerResponsible')}: {record.responsible?.name ?? record.responsible?.id ?? '—'} ·{' '}
          {t('customerOpenCases')}: {record.openCases.length}
        </Text>
        <Title order={4}>{t('customerVehicles')}</Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>VIN</Table.Th>
              <Table.Th>{t('customerPlate')}</Table.Th>
              <Table.Th>{t('customerModel')}</Table.Th>
              <Table.Th>{t('customerLastVisit')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.vehicles.map((vehicle) => (
              <Table.Tr key={vehicle.vin}>
                <Table.Td>{vehicle.vin}</Table.Td>
                <Table.Td>{vehicle.plate ?? '—'}</Table.Td>
                <Table.Td>{vehicle.model ?? '—'}</Table.Td>
                <Table.Td>{dateTime(vehicle.lastVisitAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Title order={4}>{t('customerHistory')}</Title>
        <Table striped data-testid="customer-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customerWhen')}</Table.Th>
              <Table.Th>{t('case')}</Table.Th>
              <Table.Th>{t('customerKind')}</Table.Th>
              <Table.Th>{t('customerOutcome')}</Table.Th>
              <Table.Th>{t('customerState')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {record.history.map((contact) => (
              <Table.Tr key={contact.caseId}>
                <Table.Td>{dateTime(contact.occurredAt)}</Table.Td>
                <Table.Td>
                  {term(contact.caseType)}{' '}
                  <Anchor
                    href={hrefOf({
                      page: 'case',
                      resource: resourceOf(contact.caseType),
                      id: contact.caseId,
                    })}
                  >
                    {shortId(contact.caseId)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{choice(contact.kind)}</Table.Td>
                <Table.Td>{contact.outcome === null ? '—' : choice(contact.outcome)}</Table.Td>
                <Table.Td>
                  {contact.state === null ? '—' : choice(contact.state)}
                  {contact.open && (
                    <Badge ml={4} size="xs" variant="light" c="dark.9">
                      {t('customerOpen')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
