import {
  Alert,
  Button,
  Center,
  Container,
  Divider,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { DEALER_ROLES, ROLES } from '../../../../libs/kernel/role';
import { problemText } from '../api/problem-text';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

/**
 * Sign-in. Production: the bearer token from the identity provider (pasted here, or handed over in the
 * URL fragment as #access_token=…). Embedded default: the server's dev sign-in, when it is enabled.
 */
export function SignInPage() {
  const i18n = useI18n();
  const { t, term, toggleLanguage } = i18n;
  const session = useSession();
  const [sub, setSub] = useState('wang.cs');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('customer_service');
  const [dealerId, setDealerId] = useState('D001');
  const [regionId, setRegionId] = useState('R01');
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dealerRole = role !== null && (DEALER_ROLES as readonly string[]).includes(role);

  const devSignIn = async (event: FormEvent) => {
    event.preventDefault();
    if (role === null) return;
    setBusy(true);
    setError(null);
    try {
      const { body } = await session.api.post<{ token: string }>('/api/v1/dev/token', {
        sub,
        ...(name.trim() !== '' ? { name: name.trim() } : {}),
        roles: [role],
        ...(dealerRole && dealerId !== '' ? { dealerId } : {}),
        ...(regionId !== '' ? { regionId } : {}),
      });
      session.signIn(body.token);
    } catch (failure) {
      setError(problemText(failure, i18n).detail);
    } finally {
      setBusy(false);
    }
  };

  const tokenSignIn = (event: FormEvent) => {
    event.preventDefault();
    if (!session.signIn(pasted.trim())) setError(t('badToken'));
  };

  return (
    <Container size={520} py="xl" component="main">
      <Center mb="md">
        <Group justify="space-between" w="100%">
          <Title order={1} size="h3">
            {t('signInTitle')}
          </Title>
          <Button variant="subtle" size="xs" onClick={toggleLanguage}>
            {t('language')}
          </Button>
        </Group>
      </Center>
      {error === null && session.signedOutBecause !== null && (
        <Alert
          color="orange"
          mb="md"
          role="alert"
          title={t('signedOutTitle')}
          data-testid="signed-out-because"
        >
          {t(
            session.signedOutBecause === 'expired'
              ? 'signedOutExpired'
              : session.signedOutBecause === 'invalid'
                ? 'badToken'
                : 'signedOutRefused',
          )}
        </Alert>
      )}
      {error !== null && (
        <Alert color="red" mb="md" role="alert" title={t('signIn')}>
          {error}
        </Alert>
      )}
      <Paper withBorder p="md" component="form" onSubmit={devSignIn} aria-labelledby="dev-sign-in">
        <Stack>
          <Title order={2} size="h5" id="dev-sign-in">
            {t('devSignIn')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('devSignInHint')}
          </Text>
          <TextInput
            label={t('userId')}
            data-testid="sign-in-sub"
            value={sub}
            onChange={(e) => setSub(e.currentTarget.value)}
            required
          />
          <TextInput label={t('displayName')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select
            label={t('role')}
            data-testid="sign-in-role"
            data={ROLES.map((value) => ({ value, label: `${term(value)} (${value})` }))}
            value={role}
            onChange={setRole}
            searchable
            allowDeselect={false}
            required
          />
          <Group grow>
            <TextInput
              label={t('dealer')}
              data-testid="sign-in-dealer"
              value={dealerId}
              onChange={(e) => setDealerId(e.currentTarget.value)}
              disabled={!dealerRole}
            />
            <TextInput
              label={t('region')}
              data-testid="sign-in-region"
              value={regionId}
              onChange={(e) => setRegionId(e.currentTarget.value)}
            />
          </Group>
          <Button type="submit" loading={busy}>
            {t('signIn')}
          </Button>
        </Stack>
      </Paper>
      <Divider my="lg" />
      <Paper withBorder p="md" component="form" onSubmit={tokenSignIn} aria-labelledby="token-sign-in">
        <Stack>
          <Title order={2} size="h5" id="token-sign-in">
            {t('tokenSignIn')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('tokenSignInHint')}
          </Text>
          <Textarea
            label={t('token')}
            data-testid="sign-in-token"
            value={pasted}
            onChange={(e) => setPasted(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Button type="submit" variant="light" disabled={pasted.trim() === ''}>
            {t('signIn')}
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}
