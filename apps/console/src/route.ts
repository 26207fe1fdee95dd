/** The console's pages. Routing lives in the URL fragment, so the API serves one index.html and no fallback. */
export type Route =
  | { readonly page: 'work' }
  | { readonly page: 'approvals' }
  | { readonly page: 'audit' }
  | { readonly page: 'sla' }
  | { readonly page: 'follow-ups' }
  | { readonly page: 'customers' }
  | { readonly page: 'reports' }
  | { readonly page: 'new'; readonly resource: string }
  | { readonly page: 'case'; readonly resource: string; readonly id: string }
  | { readonly page: 'print'; readonly resource: string; readonly id: string; readonly form: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'approvals':
      return { page: 'approvals' };
    case 'audit':
      return { page: 'audit' };
    case 'sla':
      return { page: 'sla' };
    case 'follow-ups':
      return { page: 'follow-ups' };
    case 'customers':
      return { page: 'customers' };
    case 'reports':
      return { page: 'reports' };
    case 'new':
      if (parts[1] !== undefined) return { page: 'new', resource: parts[1] };
      break;
    case 'print':
      if (parts[1] !== undefined && parts[2] !== undefined && parts[3] !== undefined)
        return { page: 'print', resource: parts[1], id: parts[2], form: parts[3] };
      break;
    case 'cases':
      if (parts[1] !== undefined && parts[2] !== undefined)
        return { page: 'case', resource: parts[1], id: parts[2] };
      break;
  }
  return { page: 'work' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'case':
      return `#/cases/${encodeURIComponent(route.resource)}/${encodeURIComponent(route.id)}`;
    case 'print':
      return `#/print/${encodeURIComponent(route.resource)}/${encodeURIComponent(route.id)}/${encodeURIComponent(route.form)}`;
    case 'new':
      return `#/new/${encodeURIComponent(route.resource)}`;
    default:
      return `#/${route.page}`;
  }
}
