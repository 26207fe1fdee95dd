import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiProblem } from '../api/problem';
import type { AuditEvent, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { shortId } from '../cases/short-id';
import { priorState } from '../cases/state-badge';
import { VerificationBadge } from '../cases/verification-badge';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { hrefOf } from '../route';
import { useSession } from '../session/session';

interface AuditSearch {
  readonly actor: string;
  readonly dealerId: string;
  readonly caseType: string | null;
  readonly from: string;
  readonly to: string;
}

const EMPTY: AuditSearch = { actor: '', dealerId: '', caseType: null, from: '', to: '' };

/** Dates from the form are whole days in the user's time zone; the API wants instants. */
function dayStart(day: string): string | undefined {
  return day === '' ? undefined : new Date(`${day}T00:00:00`).toISOString();
}
function dayEnd(day: string): string | undefined {
  return day === '' ? undefined : new Date(`${day}T23:59:59.999`).toISOString();
}

function queryOf(search: AuditSearch): Record<string, string | undefined> {
  return {
    actor: search.actor.trim() || undefined,
    dealerId: search.dealerId.trim() || undefined,
    caseType: search.caseType ?? undefined,
    from: dayStart(search.from),
    to: dayEnd(search.to),
  };
}

/** The auditor's desk: who did what where and when, each case's verification, and the signed export. */
export function AuditorPage() {
  const { t, term, dateTime, actor } = useI18n();
  const session = useSession();
  const catalog = useLoad(() => session.workflows(), 'workflows');
  const [form, setForm] = useState<AuditSearch>(EMPTY);
  const [search, setSearch] = useState<AuditSearch>(EMPTY);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const [exportError, setExportError] = useState<unknown>(undefined);
  const events = useLoad(
    () => session.api.get<Page<AuditEvent>>('/api/v1/audit/events', { ...queryOf(search), limit: 200 }),
    JSON.stringify(search),
  );
  const cases = [...new Map((events.data?.items ?? []).map((item) => [item.caseId, item])).values()];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(form);
  };
  const exportAs = async (format: 'jsonl' | 'csv') => {
    setExportError(undefined);
    try {
      const bytes = await session.api.download(
        '/api/v1/audit/export',
        { ...queryOf(search), ...(format === 'csv' ? { format: 'csv' } : {}) },
        format === 'csv' ? 'audit-events.csv' : 'audit-export.jsonl',
      );
      setExportNote(`${format.toUpperCase()} · ${bytes.toLocaleString()} B`);
    } catch (failure) {
      setExportError(failure instanceof ApiProblem ? failure : String(failure));
    }
  };

  return (
    <Stack>
      <Title order={2}>{t('auditSearch')}</Title>
      <Group component="form" onSubmit={submit} align="end" data-testid="audit-search">
        <TextInput
          label={t('actor')}
          value={form.actor}
          onChange={(e) => setForm({ ...form, actor: e.currentTarget.value })}
        />
        <TextInput
          label={t('dealer')}
          value={form.dealerId}
          onChange={(e) => setForm({ ...form, dealerId: e.currentTarget.value })}
        />
        <Select
          label={t('caseType')}
          placeholder={t('all')}
          clearable
          data={(catalog.data?.latest() ?? []).map((workflow) => ({
            value: workflow.caseType,
            label: term(workflow.caseType),
          }))}
          value={form.caseType}
          onChange={(caseType) => setForm({ ...form, caseType })}
        />
        <TextInput
          type="date"
          label={t('from')}
          value={form.from}
          onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label={t('to')}
          value={form.to}
          onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
        />
        <Button type="submit">{t('search')}</Button>
        <Button variant="light" onClick={() => void exportAs('jsonl')}>
          {t('exportJsonl')}
        </Button>
        <Button variant="light" onClick={() => void exportAs('csv')}>
          {t('exportCsv')}
        </Button>
      </Group>
      {exportNote !== null && (
        <Alert
          color="green"
          role="status"
          withCloseButton
          closeButtonLabel={t('closeNotice')}
          onClose={() => setExportNote(null)}
          data-testid="export-note"
        >
          {exportNote}
        </Alert>
      )}
      <LoadError error={exportError ?? events.error} />

      {cases.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('verification')}
          </Title>
          <Group gap="xs" data-testid="audit-cases">
            {cases.map((item) => {
              const resource = catalog.data?.resourceOf(item.caseType) ?? item.caseType;
              return (
                <Group key={item.caseId} gap={4} data-case-id={item.caseId}>
                  <Anchor href={hrefOf({ page: 'case', resource, id: item.caseId })}>
                    {term(item.caseType)} {shortId(item.caseId)}
                  </Anchor>
                  <VerificationBadge resource={resource} id={item.caseId} />
                </Group>
              );
            })}
          </Group>
        </Stack>
      )}

      {events.data !== undefined && events.data.items.length === 0 ? (
        <Text c="dimmed">{t('empty')}</Text>
      ) : (
        <Table striped data-testid="audit-events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('time')}</Table.Th>
              <Table.Th>{t('actor')}</Table.Th>
              <Table.Th>{t('case')}</Table.Th>
              <Table.Th>{t('event')}</Table.Th>
              <Table.Th>{t('transition')}</Table.Th>
              <Table.Th>{t('dealer')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(events.data?.items ?? []).map((item) => (
              <Table.Tr key={item.position}>
                <Table.Td>{dateTime(item.occurredAt)}</Table.Td>
                <Table.Td>
                  {actor(item.actor)}
                  <Text size="xs" c="dimmed">
                    {item.actor.roles.map((role) => term(role)).join('、')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    href={hrefOf({
                      page: 'case',
                      resource: catalog.data?.resourceOf(item.caseType) ?? item.caseType,
                      id: item.caseId,
                    })}
                  >
                    {term(item.caseType)} {shortId(item.caseId)}
                  </Anchor>{' '}
                  #{item.revision}
                </Table.Td>
                <Table.Td>{item.action !== null ? term(item.action) : item.type}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {priorState(item.fromState) !== null && (
                      <Badge variant="light" color="gray">
                        {term(item.fromState)}
                      </Badge>
                    )}
                    <Badge variant="light">{term(item.toState)}</Badge>
                  </Group>
                </Table.Td>
                <Table.Td>{item.dealerId ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
