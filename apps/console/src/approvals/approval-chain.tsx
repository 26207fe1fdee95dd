import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { useI18n } from '../i18n/i18n';

interface Signature {
  readonly role: string;
  readonly actorId: string;
  readonly actorName: string | null;
  readonly at: string;
}

function signaturesOf(data: Record<string, unknown>): Signature[] {
  return Array.isArray(data.signatures) ? (data.signatures as Signature[]) : [];
}

/**
 * Who signed (and when), whose turn it is, who comes after: the workflow's approval chain laid over the
 * case's signatures of the current round. The machine enforces the order; this only shows it.
 */
export function ApprovalChain({
  chain,
  data,
  assignedRole,
  finished,
}: {
  readonly chain: readonly string[];
  readonly data: Record<string, unknown>;
  readonly assignedRole: string | null;
  readonly finished: boolean;
}) {
  const { t, term, dateTime } = useI18n();
  const signatures = signaturesOf(data);
  const next = typeof data.nextSigner === 'string' ? data.nextSigner : assignedRole;
  return (
    <Paper withBorder p="sm" data-testid="approval-chain">
      <Title order={3} size="h6" mb="xs">
        {t('chain')} ({signatures.length}/{chain.length})
      </Title>
      <Group component="ol" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {chain.map((role, index) => {
          const signature = signatures.find((signed) => signed.role === role);
          const status = signature !== undefined ? 'signed' : !finished && next === role ? 'next' : 'waiting';
          return (
            <li key={`${role}-${index}`} data-signer={role} data-signer-status={status}>
              <Badge
                size="lg"
                variant={status === 'next' ? 'outline' : 'light'}
                color={status === 'signed' ? 'green' : status === 'next' ? 'orange.9' : 'gray'}
                c="dark.9"
              >
                {index + 1}. {term(role)} · {t(status)}
              </Badge>
              {signature !== undefined && (
                <Text size="xs" c="dimmed" mt={2}>
                  {signature.actorName ?? signature.actorId} · {dateTime(signature.at)}
                </Text>
              )}
            </li>
          );
        })}
      </Group>
    </Paper>
  );
}
