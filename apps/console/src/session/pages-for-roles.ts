// With the extension: the engine's own tests import this file under Node's module resolution too.
import type { Route } from '../route.js';

export type NavigablePage = 'work' | 'follow-ups' | 'approvals' | 'customers' | 'audit' | 'sla' | 'reports';

/** The roles that sign goodwill applications and preferential claims (DOMAIN.md §2, §3). */
const SIGNERS: ReadonlySet<string> = new Set([
  'oem_aftersales_rep',
  'regional_service_manager',
  'oem_general_manager',
  'product_liability',
  'oem_leadership',
  'field_service_rep',
  'field_technical_manager',
  'technical_auditor',
  'oem_claims',
]);

/** The roles that make follow-up calls, or cancel them (docs/follow-ups.md). */
const CALLERS: ReadonlySet<string> = new Set(['customer_service', 'service_manager']);

/**
 * The pages a person with these roles can use, in menu order, mirroring what the API lets them read:
 * the audit index is the auditor's alone, the approvals inbox holds only signers' turns, and an auditor
 * acts on nothing, so has no work queue; the calls due today are for those who make (or cancel) them. The SLA report and the reports are open to every role (scoped by the server).
 */
export function pagesFor(roles: readonly string[]): NavigablePage[] {
  const auditor = roles.includes('auditor');
  const acts = roles.some((role) => role !== 'auditor');
  const pages: NavigablePage[] = [];
  if (acts) pages.push('work');
  if (roles.some((role) => CALLERS.has(role))) pages.push('follow-ups');
  if (roles.some((role) => SIGNERS.has(role))) pages.push('approvals');
  // The customer records answer every role that acts, in its scope (name and phone masked for most).
  if (acts) pages.push('customers');
  if (auditor) pages.push('audit');
  pages.push('sla', 'reports');
  return pages;
}

/** Where a person lands, and where a page they cannot use sends them: their first page. */
export function routeFor(route: Route, roles: readonly string[]): Route {
  const pages = pagesFor(roles);
  const page = route.page;
  if (page === 'case' || page === 'new' || page === 'print') return route;
  return (pages as readonly string[]).includes(page) ? route : { page: pages[0]! };
}
