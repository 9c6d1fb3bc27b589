// Who is signed in: loaded from GET /auth/me; the CSRF token goes to the API client. `can(scope)`
// decides what the UI shows — the server still enforces every permission.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  ApiFailure,
  get,
  post,
  type Scope,
  type Session,
  setCsrfToken,
  setUnauthenticatedHandler,
} from './api.ts';

interface SessionState {
  session: Session | undefined;
  /** True until the first /auth/me answer. */
  checking: boolean;
  /** Set when the session ended under the user (401 on a request). */
  expired: boolean;
  can: (scope: Scope) => boolean;
  /**
   * Whether this person may approve a refund requested by `requestedBy` (an actor string): not
   * their own unless the policy allows self-approval (four eyes).
   */
  mayApprove: (requestedBy: string) => boolean;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [checking, setChecking] = useState(true);
  const [expired, setExpired] = useState(false);

  const adopt = useCallback((s: Session | undefined) => {
    setCsrfToken(s?.csrf_token);
    setSession(s);
  }, []);

  useEffect(() => {
    get<Session>('/auth/me')
      .then((s) => adopt(s))
      .catch(() => adopt(undefined))
      .finally(() => setChecking(false));
    setUnauthenticatedHandler(() => {
      setExpired(true);
      adopt(undefined);
    });
    return () => setUnauthenticatedHandler(undefined);
  }, [adopt]);

  const login = useCallback(
    async (email: string, password: string) => {
      await post('/auth/login', { email, password });
      const me = await get<Session>('/auth/me');
      setExpired(false);
      adopt(me);
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await post('/auth/logout');
    } catch (e) {
      if (!(e instanceof ApiFailure)) throw e;
    }
    setExpired(false);
    adopt(undefined);
  }, [adopt]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      checking,
      expired,
      can: (scope) => !!session && (session.scopes.includes(scope) || session.scopes.includes('admin')),
      mayApprove: (requestedBy) =>
        !!session &&
        (session.scopes.includes('refunds:approve') || session.scopes.includes('admin')) &&
        (requestedBy !== `user:${session.user.id}` || session.allow_self_approval === true),
      login,
      logout,
    }),
    [session, checking, expired, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
