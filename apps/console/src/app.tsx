import { Anchor, AppShell, Badge, Button, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useI18n } from './i18n/i18n';
import type { UiKey } from './i18n/messages';
import { hrefOf, type Route } from './route';
import { useRoute } from './routing';
import { SignInPage } from './session/sign-in-page';
import { useSession } from './session/session';
import { pagesFor, routeFor } from './session/pages-for-roles';
import { WorkQueuePage } from './work/work-queue-page';
import { CustomerRecordsPage } from './customers/customer-records-page';
import { FollowUpsTodayPage } from './follow-ups/follow-ups-today-page';
import { CasePage } from './cases/case-page';
import { NewCasePage } from './cases/new-case-page';
import { ApprovalsInboxPage } from './approvals/approvals-inbox-page';
import { AuditorPage } from './audit/auditor-page';
import { PrintPage } from './print/print-page';

// The charts are only for the SLA dashboard and the reports: load them when one opens.
const SlaDashboardPage = lazy(() =>
  import('./sla/sla-dashboard-page').then((module) => ({ default: module.SlaDashboardPage })),
);

const ReportsPage = lazy(() =>
  import('./reports/reports-page').then((module) => ({ default: module.ReportsPage })),
);

const NAVIGATION: readonly { route: Route; label: UiKey }[] = [
  { route: { page: 'work' }, label: 'navWork' },
  { route: { page: 'follow-ups' }, label: 'navFollowUps' },
  { route: { page: 'approvals' }, label: 'navApprovals' },
  { route: { page: 'customers' }, label: 'navCustomers' },
  { route: { page: 'audit' }, label: 'navAudit' },
  { route: { page: 'sla' }, label: 'navSla' },
  { route: { page: 'reports' }, label: 'navReports' },
];

export function App() {
  const { t, term, toggleLanguage, timeZone } = useI18n();
  const session = useSession();
  const requested = useRoute();

  if (session.claims === null) return <SignInPage />;
  const claims = session.claims;
  const route = routeFor(requested, claims.roles);
  const pages = pagesFor(claims.roles);
  // A paper form prints alone: no header, no menu, just the A4 page.
  if (route.page === 'print') {
    return (
      <main style={{ padding: 16 }}>
        <PrintPage resource={route.resource} id={route.id} form={route.form} />
      </main>
    );
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Title order={1} size="h4">
            <Anchor href={hrefOf({ page: pages[0]! })} underline="never" c="inherit">
              {t('appTitle')}
            </Anchor>
          </Title>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" aria-label={t('signedInAs')} data-testid="signed-in-user">
              {claims.name ?? claims.sub} · {claims.roles.map((role) => term(role)).join('、')}
              {claims.dealerId !== undefined ? ` · ${claims.dealerId}` : ''}
              {claims.regionId !== undefined ? ` · ${claims.regionId}` : ''}
            </Text>
            <Badge variant="outline" color="gray" title={t('timeZone')}>
              {timeZone}
            </Badge>
            <Button
              variant="subtle"
              size="xs"
              onClick={toggleLanguage}
              lang={t('language') === 'English' ? 'en' : 'zh-CN'}
            >
              {t('language')}
            </Button>
            <Button variant="light" size="xs" onClick={session.signOut}>
              {t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('navMain')}>
        <Stack gap={2}>
          {NAVIGATION.filter((item) => (pages as readonly string[]).includes(item.route.page)).map((item) => (
            <NavLink
              key={item.label}
              href={hrefOf(item.route)}
              label={t(item.label)}
              active={route.page === item.route.page}
              aria-current={route.page === item.route.page ? 'page' : undefined}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Page route={route} />
      </AppShell.Main>
    </AppShell>
  );
}

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'case':
      return <CasePage key={`${route.resource}/${route.id}`} resource={route.resource} id={route.id} />;
    case 'print':
      return <PrintPage resource={route.resource} id={route.id} form={route.form} />;
    case 'new':
      return <NewCasePage key={route.resource} resource={route.resource} />;
    case 'approvals':
      return <ApprovalsInboxPage />;
    case 'audit':
      return <AuditorPage />;
    case 'sla':
      return (
        <Suspense fallback={<Loader aria-label="loading" />}>
          <SlaDashboardPage />
        </Suspense>
      );
    case 'follow-ups':
      return <FollowUpsTodayPage />;
    case 'customers':
      return <CustomerRecordsPage />;
    case 'reports':
      return (
        <Suspense fallback={<Loader aria-label="loading" />}>
          <ReportsPage />
        </Suspense>
      );
    case 'work':
      return <WorkQueuePage />;
  }
}
