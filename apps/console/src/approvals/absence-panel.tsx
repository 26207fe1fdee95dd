import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { Delegation } from '../api/types';
import { useLoad } from '../api/use-load';
import { useI18n, type I18n } from '../i18n/i18n';
import type { UiKey } from '../i18n/messages';
import { LoadError } from '../layout/load-error';
import { useSession } from '../session/session';

const STATUS_KEYS: Record<Delegation['status'], UiKey> = {
  scheduled: 'delegationScheduled',
  active: 'delegationActive',
  ended: 'delegationEnded',
  revoked: 'delegationRevoked',
};

/**
 * An approver's absence (docs/approvals.md "Delegation"): declare who acts for you and from when until
 * when, see the absences you declared and those you act for, and revoke yours. The server decides
 * everything (who may declare, the period, scope); this only sends and shows.
 */
export function AbsencePanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const delegations = useLoad(
    () => session.api.get<{ items: Delegation[] }>('/api/v1/delegations', { limit: 50 }),
    'delegations',
  );
  const [delegateId, setDelegateId] = useState('');
  const [delegateName, setDelegateName] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const send = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      delegations.reload();
      return true;
    } catch (problem) {
      setError(problem);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const declare = async () => {
    const sent = await send(() =>
      session.api.post('/api/v1/delegations', {
        delegateId: delegateId.trim(),
        ...(delegateName.trim() !== '' ? { delegateName: delegateName.trim() } : {}),
        from: from === '' ? '' : new Date(from).toISOString(),
        until: until === '' ? '' : new Date(until).toISOString(),
        ...(reason.trim() !== '' ? { reason: reason.trim() } : {}),
      }),
    );
    if (sent) {
      setDelegateId('');
      setDelegateName('');
      setReason('');
    }
  };
  const revoke = (id: string) =>
    void send(() => session.api.post(`/api/v1/delegations/${encodeURIComponent(id)}/revocation`, {}));

  return (
    <Card withBorder data-testid="absence-panel">
      <Title order={4}>{t('absenceTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('absenceHint')}
      </Text>
      <Stack gap="xs">
        <Group grow align="flex-end">
          <TextInput
            label={t('delegateId')}
            required
            value={delegateId}
            onChange={(event) => setDelegateId(event.currentTarget.value)}
          />
          <TextInput
            label={t('delegateName')}
            value={delegateName}
            onChange={(event) => setDelegateName(event.currentTarget.value)}
          />
        </Group>
        <Group grow align="flex-end">
          <TextInput
            label={t('absenceFrom')}
            type="datetime-local"
            required
            value={from}
            onChange={(event) => setFrom(event.currentTarget.value)}
          />
          <TextInput
            label={t('absenceUntil')}
            type="datetime-local"
            required
            value={until}
            onChange={(event) => setUntil(event.currentTarget.value)}
          />
        </Group>
        <TextInput
          label={t('absenceReason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group>
          <Button onClick={() => void declare()} loading={busy} disabled={delegateId.trim() === ''}>
            {t('declareAbsence')}
          </Button>
        </Group>
        <LoadError error={error ?? delegations.error} />
        {(delegations.data?.items.length ?? 0) > 0 && (
          <Table data-testid="delegations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('delegatorColumn')}</Table.Th>
                <Table.Th>{t('delegateColumn')}</Table.Th>
                <Table.Th>{t('absencePeriod')}</Table.Th>
                <Table.Th>{t('state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {delegations.data!.items.map((delegation) => (
                <Table.Tr key={delegation.id} data-delegation-id={delegation.id}>
                  <Table.Td>{personOf(delegation.delegator)}</Table.Td>
                  <Table.Td>{personOf(delegation.delegate)}</Table.Td>
                  <Table.Td>{periodOf(delegation, i18n)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={delegation.status === 'active' ? 'green' : 'gray'}>
                      {t(STATUS_KEYS[delegation.status])}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {delegation.delegator.id === session.claims?.sub &&
                      (delegation.status === 'active' || delegation.status === 'scheduled') && (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => revoke(delegation.id)}
                          loading={busy}
                        >
                          {t('revokeAbsence')}
                        </Button>
                      )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function personOf(person: { readonly id: string; readonly name?: string }): string {
  return person.name === undefined || person.name === person.id ? person.id : `${person.name} (${person.id})`;
}

function periodOf(delegation: Delegation, i18n: I18n): string {
  return `${i18n.dateTime(delegation.from)} – ${i18n.dateTime(delegation.until)}`;
}
