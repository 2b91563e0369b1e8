// The header's sign-in control: a button that opens a small form (username, password), and once signed
// in the user's name, roles and a sign-out button. Also `RequireRole`, the plain notice a page shows
// when the signed-in user (or nobody) lacks the role it needs.

import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { ApiError } from '../../shared/api';
import './auth.css';
import type { MessageKey, Params } from '../../i18n/messages';
import { useAuth } from './auth';

const ROLES = [
  'admin',
  'planner',
  'dispatcher',
  'management',
  'forwarder',
  'shipper',
  'border-officer',
  'customs-officer',
  'enterprise',
] as const;

/** A role's name in the chosen language (an unknown role shows as its id). */
export function roleLabel(t: (key: MessageKey, params?: Params) => string, role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`role.${role}` as MessageKey) : role;
}

export function SignInControl() {
  const { t } = useI18n();
  const auth = useAuth();
  if (auth.me) {
    return (
      <div className="signin-user" data-testid="signin-user" data-username={auth.me.username}>
        <span className="signin-name">{auth.me.username}</span>
        <span className="signin-roles">{auth.me.roles.map((r) => roleLabel(t, r)).join(' · ')}</span>
        <button
          type="button"
          className="signin-btn"
          data-testid="signout"
          onClick={() => void auth.signOut()}
        >
          {t('auth.signOut')}
        </button>
      </div>
    );
  }
  return (
    <div className="signin">
      <button
        type="button"
        className="signin-btn"
        data-testid="signin-open"
        aria-expanded={auth.formOpen}
        onClick={() => (auth.formOpen ? auth.closeForm() : auth.openForm())}
      >
        {t('auth.signIn')}
      </button>
      {auth.formOpen && <SignInForm />}
    </div>
  );
}

function SignInForm() {
  const { t } = useI18n();
  const auth = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.signIn(username.trim(), password);
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 401 || err.status === 400)
          ? t('auth.wrong')
          : t('auth.failed', { detail: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="signin-form" onSubmit={(e) => void submit(e)} aria-label={t('auth.signIn')}>
      <label>
        {t('auth.username')}
        <input
          data-testid="signin-username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('auth.password')}
        <input
          data-testid="signin-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p className="signin-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" data-testid="signin-submit" disabled={busy}>
        {busy ? t('auth.signingIn') : t('auth.submit')}
      </button>
    </form>
  );
}

/** Shows `children` only to a user with one of `roles`; otherwise says plainly what is needed. */
export function RequireRole({
  roles,
  children,
}: {
  readonly roles: readonly string[];
  readonly children: ReactNode;
}) {
  const { t } = useI18n();
  const auth = useAuth();
  if (auth.checking) return null;
  if (auth.hasRole(...roles)) return <>{children}</>;
  const list = roles.map((r) => roleLabel(t, r)).join(t('auth.or'));
  return (
    <section className="placeholder" data-testid="needs-role">
      <div className="placeholder-card">
        <h2>{auth.me ? t('auth.noRole') : t('auth.needSignIn')}</h2>
        <p>{t('auth.needRoles', { roles: list })}</p>
        {!auth.me && (
          <button type="button" className="button" onClick={auth.openForm}>
            {t('auth.signIn')}
          </button>
        )}
      </div>
    </section>
  );
}
