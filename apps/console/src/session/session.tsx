import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { ActionSchemas } from '../api/action-schemas';
import { ApiClient } from '../api/api-client';
import { WorkflowCatalog } from '../api/workflow-catalog';
import type { WorkflowDescription } from '../api/types';
import { readClaims, tokenProblem, type Claims, type SignOutReason } from './claims';

export interface Session {
  readonly token: string | null;
  readonly claims: Claims | null;
  readonly api: ApiClient;
  readonly signIn: (token: string) => boolean;
  readonly signOut: () => void;
  /** Why the last session ended without the user signing out (a bad, expired or refused token). */
  readonly signedOutBecause: SignOutReason | null;
  readonly workflows: () => Promise<WorkflowCatalog>;
  readonly schemas: () => Promise<ActionSchemas>;
}

// sessionStorage: a token lives as long as the tab, never shared with other tabs or kept on disk for long.
const STORAGE_KEY = 'aftersales.token';
const SessionContext = createContext<Session | null>(null);

interface Start {
  readonly token: string | null;
  readonly problem: SignOutReason | null;
}

function storedToken(): Start {
  // An identity provider (or gateway) may hand the token over in the fragment: #access_token=…
  const fragment = new URLSearchParams(window.location.hash.replace(/^#\/?/, ''));
  const handedOver = fragment.get('access_token');
  if (handedOver !== null) {
    window.history.replaceState(null, '', '#/');
    const problem = tokenProblem(handedOver);
    if (problem !== null) return { token: null, problem };
    sessionStorage.setItem(STORAGE_KEY, handedOver);
    return { token: handedOver, problem: null };
  }
  const token = sessionStorage.getItem(STORAGE_KEY);
  if (token === null) return { token: null, problem: null };
  const problem = tokenProblem(token);
  if (problem !== null) sessionStorage.removeItem(STORAGE_KEY);
  return problem === null ? { token, problem: null } : { token: null, problem };
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [start] = useState<Start>(storedToken);
  const [token, setToken] = useState<string | null>(start.token);
  const [signedOutBecause, setSignedOutBecause] = useState<SignOutReason | null>(start.problem);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSignedOutBecause(null);
    setToken(null);
  }, []);
  // The server answered 401: the token expired or is no longer accepted.
  const refused = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSignedOutBecause('refused');
    setToken(null);
  }, []);
  const signIn = useCallback((next: string) => {
    if (tokenProblem(next) !== null) return false;
    sessionStorage.setItem(STORAGE_KEY, next);
    setSignedOutBecause(null);
    setToken(next);
    return true;
  }, []);

  const value = useMemo<Session>(() => {
    const api = new ApiClient(() => token, refused);
    let workflows: Promise<WorkflowCatalog> | undefined;
    let schemas: Promise<ActionSchemas> | undefined;
    return {
      token,
      claims: token === null ? null : readClaims(token),
      api,
      signIn,
      signOut,
      signedOutBecause,
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
  }, [token, signIn, signOut, refused, signedOutBecause]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (context === null) throw new Error('useSession outside SessionProvider');
  return context;
}
