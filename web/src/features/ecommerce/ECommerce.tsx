// The E-commerce page (issue 7 parts 3 and 4): cross-border e-commerce orders with their match status
// (三单对碰) — the records still missing, the rule of a rejection, each mismatching field in the page's
// language, the remaining quota of a quota rejection — the per-person yearly quota (customs,
// management: used, remaining, and the ledger's own sum beside the cached one), and the customs
// declarations with their clearance and the linked inventory lists' deduction status; a customs
// officer scans, inspects, releases or rejects from here.

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import type { MessageKey } from '../../i18n/messages';
import { useAuth } from '../auth/auth';
import { RequireRole } from '../auth/SignIn';
import {
  type Decision,
  type Declaration,
  ecommerceApi,
  type Order,
  type OrderStatus,
  type Quota,
} from './api';
import './ecommerce.css';

const READERS = ['admin', 'management', 'customs-officer', 'enterprise', 'forwarder', 'shipper'] as const;
const QUOTA_ROLES = ['admin', 'management', 'customs-officer'] as const;
const OFFICERS = ['admin', 'customs-officer'] as const;
const STATUSES: readonly OrderStatus[] = ['incomplete', 'rejected', 'cleared', 'cancelled', 'returned'];
const DECISIONS: readonly Decision[] = ['scan', 'inspect', 'release', 'reject'];

const detailOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function ECommerce() {
  return (
    <RequireRole roles={READERS}>
      <ECommercePage />
    </RequireRole>
  );
}

function useYuan() {
  const { locale } = useI18n();
  return useCallback(
    (minor: number | null | undefined) =>
      minor === null || minor === undefined
        ? '—'
        : new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
            style: 'currency',
            currency: 'CNY',
          }).format(minor / 100),
    [locale],
  );
}

function ECommercePage() {
  const { t } = useI18n();
  const auth = useAuth();
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  return (
    <div className="eco" data-testid="ecommerce">
      <div className="eco-head">
        <div>
          <h1>{t('ecommerce.title')}</h1>
          <p>{t('ecommerce.subtitle')}</p>
        </div>
        <button type="button" className="eco-btn" onClick={bump} data-testid="eco-refresh">
          {t('ecommerce.retry')}
        </button>
      </div>
      <div className="eco-grid">
        <OrdersPanel version={version} />
        {auth.hasRole(...QUOTA_ROLES) && <QuotaPanel version={version} />}
        <DeclarationsPanel version={version} canDecide={auth.hasRole(...OFFICERS)} onDecided={bump} />
      </div>
    </div>
  );
}

function OrdersPanel({ version }: { readonly version: number }) {
  const { t, locale } = useI18n();
  const yuan = useYuan();
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [orders, setOrders] = useState<readonly Order[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    ecommerceApi
      .orders(locale, status, ac.signal)
      .then(setOrders)
      .catch((e) => {
        if (!ac.signal.aborted) setError(detailOf(e));
      });
    return () => ac.abort();
  }, [locale, status, version]);
  return (
    <section className="eco-panel eco-orders" data-testid="eco-orders">
      <div className="eco-panel-head">
        <h2>{t('ecommerce.orders')}</h2>
        <label className="eco-field">
          {t('ecommerce.filter')}
          <select
            data-testid="eco-status-filter"
            value={status ?? ''}
            onChange={(e) => setStatus((e.target.value || null) as OrderStatus | null)}
          >
            <option value="">{t('ecommerce.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`ecommerce.status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="eco-error">{t('ecommerce.error', { detail: error })}</p>}
      {!orders && !error && <p className="eco-muted">{t('ecommerce.loading')}</p>}
      {orders && orders.length === 0 && <p className="eco-muted">{t('ecommerce.noOrders')}</p>}
      {orders && orders.length > 0 && (
        <table className="eco-table">
          <thead>
            <tr>
              <th>{t('ecommerce.col.orderNo')}</th>
              <th>{t('ecommerce.col.mode')}</th>
              <th>{t('ecommerce.col.records')}</th>
              <th>{t('ecommerce.col.status')}</th>
              <th className="num">{t('ecommerce.col.amount')}</th>
              <th>{t('ecommerce.col.buyer')}</th>
              <th>{t('ecommerce.col.why')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr
                key={o.id}
                data-testid={`eco-order-${o.orderNo}`}
                data-status={o.status}
                data-rule={o.rule ?? ''}
                className={`eco-row eco-row--${o.status}`}
              >
                <td className="mono">{o.orderNo}</td>
                <td>
                  {o.mode ? (
                    <>
                      <span className="mono">{o.mode}</span>{' '}
                      <span className="eco-muted">{o.modeNames?.[locale]}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <span className="eco-kinds">
                    {(['order', 'payment', 'logistics', 'inventory'] as const).map((k) => {
                      const has = o.records.some((r) => r.kind === k);
                      return (
                        <span key={k} className={`eco-kind ${has ? 'is-in' : 'is-out'}`}>
                          {t(`ecommerce.kind.${k}` as MessageKey)}
                        </span>
                      );
                    })}
                  </span>
                </td>
                <td>
                  <span className={`eco-badge eco-badge--${o.status}`}>
                    {t(`ecommerce.status.${o.status}` as MessageKey)}
                  </span>
                </td>
                <td className="num">{yuan(o.amountMinor)}</td>
                <td className="mono">{o.buyer ?? '—'}</td>
                <td className="eco-why" data-testid="eco-why">
                  <Why order={o} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Why({ order }: { readonly order: Order }) {
  const { t, locale } = useI18n();
  const yuan = useYuan();
  if (order.status === 'incomplete')
    return (
      <span className="eco-muted">
        {t('ecommerce.missing', {
          kinds: order.missing
            .map((k) => t(`ecommerce.kind.${k}` as MessageKey))
            .join(locale === 'zh' ? '、' : ', '),
        })}
      </span>
    );
  const r = order.rejection;
  if (!r) return order.status === 'cleared' ? <span className="eco-ok">{t('ecommerce.matched')}</span> : null;
  return (
    <div>
      <div>
        <code className="eco-rule" data-testid="eco-rule">
          {r.rule}
        </code>{' '}
        {r.remainingMinor !== undefined && (
          <strong className="eco-remaining" data-testid="eco-remaining" data-minor={r.remainingMinor}>
            {t('ecommerce.remaining', { amount: yuan(r.remainingMinor) })}
          </strong>
        )}
      </div>
      <div className="eco-msg">{r.message[locale]}</div>
      {r.mismatches && r.mismatches.length > 0 && (
        <ul className="eco-mismatches" data-testid="eco-mismatches">
          {r.mismatches.map((m) => (
            <li key={`${m.field}/${m.against}`} data-field={m.field}>
              <code>{m.field}</code> ≠ <code>{m.against}</code> — {m.message[locale]}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function QuotaPanel({ version }: { readonly version: number }) {
  const { t, locale } = useI18n();
  const yuan = useYuan();
  const [data, setData] = useState<{
    limits: { perOrderMinor: number; annualMinor: number };
    items: readonly Quota[];
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    const ac = new AbortController();
    ecommerceApi
      .quotas(locale, ac.signal)
      .then(setData)
      .catch((e) => {
        if (!ac.signal.aborted) setError(detailOf(e));
      });
    return () => ac.abort();
  }, [locale, version]);
  const year = data?.items[0]?.year ?? new Date().getFullYear();
  return (
    <section className="eco-panel" data-testid="eco-quota">
      <div className="eco-panel-head">
        <h2>{t('ecommerce.quota', { year })}</h2>
        {data && (
          <span className="eco-muted">
            {t('ecommerce.quotaLimits', {
              order: yuan(data.limits.perOrderMinor),
              annual: yuan(data.limits.annualMinor),
            })}
          </span>
        )}
      </div>
      {error && <p className="eco-error">{t('ecommerce.error', { detail: error })}</p>}
      {data && data.items.length === 0 && <p className="eco-muted">{t('ecommerce.noQuota')}</p>}
      {data && data.items.length > 0 && (
        <table className="eco-table">
          <thead>
            <tr>
              <th>{t('ecommerce.col.buyer')}</th>
              <th className="num">{t('ecommerce.col.count')}</th>
              <th className="num">{t('ecommerce.col.used')}</th>
              <th className="num">{t('ecommerce.col.remaining')}</th>
              <th />
              <th className="num">{t('ecommerce.col.ledger')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((q) => (
              <tr
                key={`${q.buyer}/${q.year}`}
                data-testid="eco-quota-row"
                data-buyer={q.buyer}
                data-remaining={q.remainingMinor}
              >
                <td>
                  <span className="mono">{q.buyer}</span> {q.buyerName}
                </td>
                <td className="num">{q.orders}</td>
                <td className="num">{yuan(q.usedMinor)}</td>
                <td className="num">{yuan(q.remainingMinor)}</td>
                <td className="eco-barcell">
                  <span className="eco-bar" aria-hidden="true">
                    <span style={{ width: `${Math.min(100, (100 * q.usedMinor) / q.limitMinor)}%` }} />
                  </span>
                </td>
                <td className="num">
                  {yuan(q.ledgerMinor)}{' '}
                  <span className={q.ledgerMinor === q.usedMinor ? 'eco-ok' : 'eco-error'}>
                    {q.ledgerMinor === q.usedMinor ? t('ecommerce.agree') : t('ecommerce.disagree')}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DeclarationsPanel({
  version,
  canDecide,
  onDecided,
}: {
  readonly version: number;
  readonly canDecide: boolean;
  readonly onDecided: () => void;
}) {
  const { t, locale } = useI18n();
  const yuan = useYuan();
  const [items, setItems] = useState<readonly Declaration[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    const ac = new AbortController();
    ecommerceApi
      .declarations(locale, ac.signal)
      .then(setItems)
      .catch((e) => {
        if (!ac.signal.aborted) setError(detailOf(e));
      });
    return () => ac.abort();
  }, [locale, version]);
  const decide = async (id: string, d: Decision) => {
    setBusy(`${id}/${d}`);
    setError(null);
    try {
      const updated = await ecommerceApi.decide(locale, id, d);
      setItems((cur) => cur?.map((x) => (x.id === id ? updated : x)) ?? null);
      onDecided();
    } catch (e) {
      setError(detailOf(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="eco-panel eco-decls" data-testid="cus-declarations">
      <div className="eco-panel-head">
        <h2>{t('ecommerce.declarations')}</h2>
        <span className="eco-muted">{t('ecommerce.eventsNote')}</span>
      </div>
      {error && (
        <p className="eco-error" data-testid="cus-error">
          {t('ecommerce.error', { detail: error })}
        </p>
      )}
      {items && items.length === 0 && <p className="eco-muted">{t('ecommerce.noDeclarations')}</p>}
      {items && items.length > 0 && (
        <table className="eco-table">
          <thead>
            <tr>
              <th>{t('ecommerce.col.declNo')}</th>
              <th>{t('ecommerce.col.type')}</th>
              <th>{t('ecommerce.col.tradeMode')}</th>
              <th>{t('ecommerce.col.boxes')}</th>
              <th>{t('ecommerce.col.lists')}</th>
              <th className="num">{t('ecommerce.col.value')}</th>
              <th>{t('ecommerce.col.status')}</th>
              {canDecide && <th>{t('ecommerce.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((d) => {
              const open = d.status !== 'released' && d.status !== 'rejected';
              return (
                <tr key={d.id} data-testid={`cus-decl-${d.id}`} data-status={d.status}>
                  <td className="mono">{d.declarationNo}</td>
                  <td>{t(`ecommerce.type.${d.type}` as MessageKey)}</td>
                  <td className="mono">{d.tradeMode}</td>
                  <td className="mono">{d.containers.join(' ') || '—'}</td>
                  <td>
                    {d.lists.map((l) => (
                      <div
                        key={l.listNo}
                        data-testid="cus-list"
                        data-list={l.listNo}
                        data-deduction={l.deductionStatus ?? ''}
                      >
                        <span className="mono">{l.listNo}</span>{' '}
                        <span className={`eco-badge eco-ded--${l.deductionStatus ?? 'x'}`}>
                          {l.deductionStatus === null
                            ? '—'
                            : t(`ecommerce.deduction.${l.deductionStatus}` as MessageKey)}
                        </span>
                      </div>
                    ))}
                  </td>
                  <td className="num">{yuan(d.totalValueMinor)}</td>
                  <td>
                    <span className={`eco-badge eco-decl--${d.status}`} data-testid="cus-status">
                      {t(`ecommerce.decl.${d.status}` as MessageKey)}
                    </span>
                  </td>
                  {canDecide && (
                    <td className="eco-actions">
                      {!open && <span className="eco-muted">—</span>}
                      {open &&
                        DECISIONS.map((x) => (
                          <button
                            key={x}
                            type="button"
                            className={`eco-btn eco-btn--${x}`}
                            data-testid={`cus-${x}-${d.id}`}
                            disabled={busy !== null}
                            onClick={() => void decide(d.id, x)}
                          >
                            {busy === `${d.id}/${x}`
                              ? t('ecommerce.acting')
                              : t(`ecommerce.act.${x}` as MessageKey)}
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
