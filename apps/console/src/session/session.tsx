import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ActionSchemas } from '../api/action-schemas';
import { ApiClient } from '../api/api-client';
import { WorkflowCatalog } from '../api/workflow-catalog';
import type { WorkflowDescription } from '../api/types';
import { expired, readClaims, type Claims } from './claims';

export interface Session {
  readonly token: string | null;
  readonly claims: Claims | null;
  readonly api: ApiClient;
  readonly signIn: (token: string) => boolean;
  readonly signOut: () => void;
  readonly workflows: () => Promise<WorkflowCatalog>;
  readonly schemas: () => Promise<ActionSchemas>;
}

// sessionStorage: a token lives as long as the tab, never shared with other tabs or kept on disk for long.
const STORAGE_KEY = 'aftersales.token';
const SessionContext = createContext<Session | null>(null);

function storedToken(): string | null {
  // An identity provider (or gateway) may hand the token over in the fragment: #access_token=…
  const fragment = new URLSearchParams(window.location.hash.replace(/^#\/?/, ''));
  const handedOver = fragment.get('access_token');
  if (handedOver !== null && readClaims(handedOver) !== null) {
    sessionStorage.setItem(STORAGE_KEY, handedOver);
    window.history.replaceState(null, '', '#/work');
    return handedOver;
  }
  const token = sessionStorage.getItem(STORAGE_KEY);
  const claims = token === null ? null : readClaims(token);
  return claims !== null && !expired(claims) ? token : null;
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [token, setToken] = useState<string | null>(storedToken);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setToken(null);
  }, []);
  const signIn = useCallback((next: string) => {
    const claims = readClaims(next);
    if (claims === null || expired(claims)) return false;
    sessionStorage.setItem(STORAGE_KEY, next);
    setToken(next);
    return true;
  }, []);

  const value = useMemo<Session>(() => {
    const api = new ApiClient(() => token, signOut);
    let workflows: Promise<WorkflowCatalog> | undefined;
    let schemas: Promise<ActionSchemas> | undefined;
    return {
      token,
      claims: token === null ? null : readClaims(token),
      api,
      signIn,
      signOut,
      workflows: () => {
        workflows ??= api
          .get<{ items: WorkflowDescription[] }>('/api/v1/workflows')
          .then((page) => new WorkflowCatalog(page.items))
          .catch((error: unknown) => {
            workflows = undefined;
            throw error;
          });
        return workflows;
      },
      schemas: () => {
        schemas ??= ActionSchemas.load().catch((error: unknown) => {
          schemas = undefined;
          throw error;
        });
        return schemas;
      },
    };
  }, [token, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (context === null) throw new Error('useSession outside SessionProvider');
  return context;
}
