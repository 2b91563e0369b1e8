// The Enterprises page (issue 7 part 5): the zones' directory (search by name or credit code, filter by
// zone and sector; every credit code shown with its check), one enterprise's view (profile, its users,
// its bookings count, its bonded account books), and — for customs and admin — registering one with
// the code checked as it is typed and importing a CSV/XLSX with the row-level report. An enterprise
// user sees only its own.

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { Refusal } from '../../shared/call';
import { useAuth } from '../auth/auth';
import { RequireRole } from '../auth/SignIn';
import '../bonded/bonded.css';
import { type Enterprise, type EnterpriseProfile, enterprisesApi, ZONES, type Zone } from './api';
import { checkCreditCode, yuan } from './credit-code';
import { ImportDialog } from './ImportDialog';
import { RegisterForm } from './RegisterForm';
import './enterprises.css';

const READERS = ['admin', 'management', 'customs-officer', 'enterprise'] as const;

export function Enterprises() {
  return (
    <RequireRole roles={READERS}>
      <EnterprisesPage />
    </RequireRole>
  );
}

function Profile({ id, version }: { readonly id: string; readonly version: number }) {
  const { t, locale, fmt } = useI18n();
  const [profile, setProfile] = useState<EnterpriseProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    enterprisesApi
      .profile(id, locale, ac.signal)
      .then(setProfile)
      .catch((e) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ac.abort();
  }, [id, locale, version]);
  if (error) return <p className="bz-error">{t('enterprises.error', { detail: error })}</p>;
  if (!profile || profile.enterprise.id !== id) return <p className="bz-note">{t('enterprises.loading')}</p>;
  const e = profile.enterprise;
  return (
    <div className="bz-panel ent-profile" data-testid="ent-profile" data-id={e.id}>
      <div className="bz-panel-head">
        <h2>{locale === 'zh' ? e.names.zh : e.names.en}</h2>
        <span className={`ent-status ent-status--${e.status}`}>{t(`enterprises.status.${e.status}`)}</span>
      </div>
      <p className="bz-muted ent-other-name">{locale === 'zh' ? e.names.en : e.names.zh}</p>
      <dl className="ent-facts">
        <dt>{t('enterprises.col.code')}</dt>
        <dd className="mono" data-testid="ent-profile-code">
          {e.creditCode}
        </dd>
        <dt>{t('enterprises.col.zone')}</dt>
        <dd>{t(`enterprises.zone.${e.zone}`)}</dd>
        <dt>{t('enterprises.col.sector')}</dt>
        <dd>{e.sector}</dd>
        <dt>{t('enterprises.col.investment')}</dt>
        <dd>{yuan(e.investmentMinor, locale)}</dd>
        <dt>{t('enterprises.organization')}</dt>
        <dd className="mono">{e.organizationId}</dd>
        <dt>{t('enterprises.registered')}</dt>
        <dd>{fmt.date(e.createdAt.slice(0, 10))}</dd>
        <dt>{t('enterprises.bookings')}</dt>
        <dd data-testid="ent-profile-bookings" data-count={profile.bookings}>
          {t('enterprises.bookingsCount', { count: profile.bookings })}
        </dd>
      </dl>
      <h3>{t('enterprises.users')}</h3>
      {profile.users.length === 0 ? (
        <p className="bz-note">{t('enterprises.noUsers')}</p>
      ) : (
        <ul className="ent-list" data-testid="ent-profile-users">
          {profile.users.map((u) => (
            <li key={u.username} data-username={u.username}>
              <strong>{u.username}</strong> {u.displayName !== u.username && u.displayName}
              <small className="bz-muted">{u.roles.join(', ')}</small>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('enterprises.books')}</h3>
      {profile.books.length === 0 ? (
        <p className="bz-note">{t('enterprises.noBooks')}</p>
      ) : (
        <ul className="ent-list" data-testid="ent-profile-books">
          {profile.books.map((b) => (
            <li key={b.id} data-book={b.bookNo}>
              <a href={`/bonded?book=${encodeURIComponent(b.id)}`} className="mono">
                {b.bookNo}
              </a>{' '}
              {b.name}
              <small className="bz-muted">
                {t('enterprises.bookLine', { items: b.items, movements: b.movements })}
              </small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EnterprisesPage() {
  const { t, locale, fmt } = useI18n();
  const auth = useAuth();
  const manages = auth.hasRole('admin', 'customs-officer');
  const [q, setQ] = useState('');
  const [zone, setZone] = useState<Zone | ''>('');
  const [sector, setSector] = useState('');
  const [list, setList] = useState<{ items: readonly Enterprise[]; sectors: readonly string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'import' | 'register' | null>(null);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    const ac = new AbortController();
    const timer = setTimeout(() => {
      enterprisesApi
        .list({ q, zone, sector }, locale, ac.signal)
        .then((r) => {
          setList(r);
          setError(null);
          setSelected((cur) => cur ?? (r.items.length === 1 ? r.items[0]!.id : null));
        })
        .catch((e) => {
          if (!ac.signal.aborted)
            setError(e instanceof Refusal || e instanceof Error ? e.message : String(e));
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [q, zone, sector, locale, version]);

  const changed = () => setVersion((v) => v + 1);

  return (
    <section className="bz ent" data-testid="ent-page">
      <header className="bz-head">
        <div>
          <h1>{t('enterprises.title')}</h1>
          <p>{t('enterprises.subtitle')}</p>
        </div>
        {manages && (
          <div className="bz-picker">
            <button
              type="button"
              className="button"
              data-testid="ent-register-open"
              onClick={() => setDialog('register')}
            >
              {t('enterprises.register')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="ent-import-open"
              onClick={() => setDialog('import')}
            >
              {t('enterprises.import')}
            </button>
          </div>
        )}
      </header>
      <div className="ent-filters">
        <label className="bz-field">
          {t('enterprises.search')}
          <input data-testid="ent-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label className="bz-field">
          {t('enterprises.zone')}
          <select data-testid="ent-zone" value={zone} onChange={(e) => setZone(e.target.value as Zone | '')}>
            <option value="">{t('enterprises.all')}</option>
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {t(`enterprises.zone.${z}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="bz-field">
          {t('enterprises.sector')}
          <select data-testid="ent-sector" value={sector} onChange={(e) => setSector(e.target.value)}>
            <option value="">{t('enterprises.all')}</option>
            {(list?.sectors ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {list && (
          <span className="bz-muted ent-count" data-testid="ent-count" data-count={list.items.length}>
            {t('enterprises.count', { count: fmt.integer(list.items.length) })}
          </span>
        )}
      </div>
      {error && (
        <p className="bz-error" role="alert">
          {t('enterprises.error', { detail: error })}
        </p>
      )}
      <div className="bz-grid">
        <div className="bz-panel">
          {list === null ? (
            <p className="bz-note">{t('enterprises.loading')}</p>
          ) : list.items.length === 0 ? (
            <p className="bz-note" data-testid="ent-none">
              {t('enterprises.none')}
            </p>
          ) : (
            <div className="bz-scroll">
              <table className="bz-table" data-testid="ent-table">
                <thead>
                  <tr>
                    <th>{t('enterprises.col.name')}</th>
                    <th>{t('enterprises.col.code')}</th>
                    <th>{t('enterprises.col.zone')}</th>
                    <th>{t('enterprises.col.sector')}</th>
                    <th className="num">{t('enterprises.col.investment')}</th>
                    <th>{t('enterprises.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((e) => {
                    const valid = checkCreditCode(e.creditCode).ok;
                    return (
                      <tr
                        key={e.id}
                        data-testid={`ent-row-${e.creditCode}`}
                        data-selected={String(selected === e.id)}
                        className={selected === e.id ? 'ent-selected' : undefined}
                        onClick={() => setSelected(e.id)}
                      >
                        <td>
                          <button
                            type="button"
                            className="bz-link ent-name"
                            onClick={() => setSelected(e.id)}
                          >
                            {locale === 'zh' ? e.names.zh : e.names.en}
                          </button>
                          <small className="bz-muted">{locale === 'zh' ? e.names.en : e.names.zh}</small>
                        </td>
                        <td className="mono">
                          {e.creditCode}{' '}
                          <span
                            className={valid ? 'bz-ok' : 'bz-bad'}
                            title={valid ? t('enterprises.codeValid') : t('enterprises.codeInvalid')}
                            data-valid={String(valid)}
                          >
                            {valid ? '✓' : '✗'}
                          </span>
                        </td>
                        <td>{t(`enterprises.zone.${e.zone}`)}</td>
                        <td>{e.sector}</td>
                        <td className="num">{yuan(e.investmentMinor, locale)}</td>
                        <td>
                          <span className={`ent-status ent-status--${e.status}`}>
                            {t(`enterprises.status.${e.status}`)}
                          </span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
        {selected ? (
          <Profile id={selected} version={version} />
        ) : (
          <p className="bz-note">{t('enterprises.pick')}</p>
        )}
      </div>
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(null)} onImported={changed} />}
      {dialog === 'register' && (
        <RegisterForm
          onClose={() => setDialog(null)}
          onCreated={(id) => {
            setSelected(id);
            changed();
          }}
        />
      )}
    </section>
  );
}
