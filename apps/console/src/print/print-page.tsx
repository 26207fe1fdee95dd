import { Table, Text, Title } from '@mantine/core';
import type { CaseView, HistoryEvent } from '../api/types';
import { useLoad } from '../api/use-load';
import { DataTable } from '../cases/case-data';
import { useI18n } from '../i18n/i18n';
import { LoadError } from '../layout/load-error';
import { useSession } from '../session/session';
import { paperFormsOf } from './paper-forms';
import { CaseQrCode } from './case-qr-code';

const PAGE_STYLE = '@page { size: A4; margin: 15mm } @media print { .no-print { display: none !important } }';

/**
 * A case as its paper form, for A4: the form's title, the case id and the hash of its last event, with
 * the case's QR code carrying both and the event's log position (so a paper copy can be checked against
 * the log with the verification endpoint, see case-qr.ts), the case data, and the
 * signature chain — every event with who acted, in which role, when, and that event's hash.
 */
export function PrintPage({
  resource,
  id,
  form,
}: {
  readonly resource: string;
  readonly id: string;
  readonly form: string;
}) {
  const i18n = useI18n();
  const { t, term, eventType, moment } = i18n;
  const session = useSession();
  const view = useLoad(() => session.api.get<CaseView>(`/api/v1/${resource}/${id}`), 'now');
  const history = useLoad(
    () => session.api.get<{ events: HistoryEvent[] }>(`/api/v1/${resource}/${id}/history`),
    'now',
  );
  const current = view.data;
  if (current === undefined || history.data === undefined) {
    const error = view.error ?? history.error;
    return error !== undefined ? <LoadError error={error} /> : <Text>{t('loading')}</Text>;
  }
  const events = history.data.events;
  const title = paperFormsOf(current.type).find((paper) => paper.id === form)?.title ?? term(current.type);
  const head = events[events.length - 1];
  const lastHash = head?.hash ?? '—';
  return (
    <article data-testid="print-view">
      <style>{PAGE_STYLE}</style>
      <Title order={2} ta="center">
        《{title}》
      </Title>
      <Text size="sm">
        {t('caseId')}：{current.id}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-all' }}>
        {t('lastEventHash')}：{lastHash}
      </Text>
      <Text size="sm">
        {t('state')}：{term(current.state)}
      </Text>
      {head !== undefined && <CaseQrCode resource={resource} id={id} head={head} />}
      <DataTable data={current.data} i18n={i18n} currency={current.data.currency} depth={0} />
      <Title order={3} size="h5" mt="md">
        {t('signatureChain')}
      </Title>
      <Table fz="xs" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="5%">#</Table.Th>
            <Table.Th w="20%">{t('event')}</Table.Th>
            <Table.Th w="25%">{t('actor')}</Table.Th>
            <Table.Th w="20%">{t('time')}</Table.Th>
            <Table.Th w="30%">{t('eventHash')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.revision}>
              <Table.Td>{event.revision}</Table.Td>
              <Table.Td>{eventType(event.type)}</Table.Td>
              <Table.Td>
                {i18n.actor(event.actor)} · {event.actor.roles.map((role) => term(role)).join('、')}
              </Table.Td>
              <Table.Td>{moment(event.occurredAt)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>{event.hash}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </article>
  );
}
