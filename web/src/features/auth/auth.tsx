// Who is signed in: the bearer token (kept by the api client in localStorage), the principal from
// GET /api/v1/me, and the sign-in form's open state. A 401 from any call clears both and reopens the form.

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type Me } from '../../shared/api';

export interface Auth {
  readonly me: Me | null;
  /** True while a stored token is being checked. */
  readonly checking: boolean;
  readonly formOpen: boolean;
  openForm(): void;
  closeForm(): void;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  hasRole(...roles: readonly string[]): boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => api.tokens.get() !== null);
  const [formOpen, setFormOpen] = useState(false);

  useEffect(() => {
    const off = api.onUnauthorized(() => {
      setMe(null);
      setFormOpen(true);
    });
    if (api.tokens.get()) {
      api
        .me()
        .then(setMe)
        .catch(() => setMe(null))
        .finally(() => setChecking(false));
    }
    return off;
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    await api.signIn(username, password);
    try {
      setMe(await api.me());
      setFormOpen(false);
    } catch (e) {
      api.tokens.set(null);
      throw e;
    }
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    setMe(null);
  }, []);

  const value = useMemo<Auth>(
    () => ({
      me,
      checking,
      formOpen,
      openForm: () => setFormOpen(true),
      closeForm: () => setFormOpen(false),
      signIn,
      signOut,
      hasRole: (...roles) => me?.roles.some((r) => roles.includes(r)) === true,
    }),
    [me, checking, formOpen, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
