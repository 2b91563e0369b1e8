// Why trains are late (every late or unscheduled train of the re-plan, in the chosen language), and
// the delay per route before the change, held, and re-planned.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import type { GatewayWhatIf } from '../../shared/api';

const SHOWN = 60;

export function Reasons({
  w,
  routeName,
}: {
  readonly w: GatewayWhatIf;
  readonly routeName: (id: string) => string;
}) {
  const { t, fmt, locale } = useI18n();
  const [tab, setTab] = useState<'reasons' | 'switched'>('reasons');
  const list = w.explanations.slice(0, SHOWN);
  const switched = w.switchedGateway.slice(0, SHOWN);
  const where = (x: { gateway: string; day: number } | null) =>
    x === null ? t('ports.status.unscheduled') : t('ports.where', { gateway: x.gateway, day: x.day });
  return (
    <section
      className="ports-panel ports-reasons"
      data-testid="ports-reasons"
      data-count={w.explanations.length}
    >
      <div className="ports-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'reasons'}
          className={tab === 'reasons' ? 'ports-tab ports-tab--on' : 'ports-tab'}
          onClick={() => setTab('reasons')}
        >
          {t('ports.reasons')} <small>{fmt.integer(w.explanations.length)}</small>
        </button>
        <button
          type="button"
          role="tab"
          data-testid="ports-tab-switched"
          aria-selected={tab === 'switched'}
          className={tab === 'switched' ? 'ports-tab ports-tab--on' : 'ports-tab'}
          onClick={() => setTab('switched')}
        >
          {t('ports.kpi.switched')} <small>{fmt.integer(w.switchedGateway.length)}</small>
        </button>
      </div>
      {tab === 'reasons' ? (
        <ol className="ports-reason-list">
          {list.map((e) => (
            <li key={e.train} data-train={e.train} data-status={e.status}>
              <span className={`ports-tag ports-tag--${e.status}`}>{t(`ports.status.${e.status}`)}</span>
              <b>{e.train}</b>
              {e.route !== null && <span className="ports-route-name">{routeName(e.route)}</span>}
              <span className="ports-reason">{locale === 'zh' ? e.reason.zh : e.reason.en}</span>
            </li>
          ))}
        </ol>
      ) : (
        <ol className="ports-reason-list" data-testid="ports-switched">
          {switched.map((c) => (
            <li key={c.train} data-train={c.train}>
              <b>{c.train}</b>
              <span className="ports-route-name">
                {where(c.before)} → {where(c.after)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="ports-note">
        {t('ports.reasonsCount', {
          n: fmt.integer(tab === 'reasons' ? w.explanations.length : w.switchedGateway.length),
          shown: tab === 'reasons' ? list.length : switched.length,
        })}
        {w.startDate !== null && ` · ${t('ports.dayZero', { date: w.startDate })}`}
      </p>
    </section>
  );
}

export function RouteDelays({
  w,
  routeName,
}: {
  readonly w: GatewayWhatIf;
  readonly routeName: (id: string) => string;
}) {
  const { t, fmt } = useI18n();
  const cell = (r: { delayDays: number; unscheduled: number }) => (
    <>
      {fmt.integer(r.delayDays)}
      {r.unscheduled > 0 && (
        <small className="ports-unsched">{t('ports.unsched', { n: r.unscheduled })}</small>
      )}
    </>
  );
  return (
    <section className="ports-panel ports-routes" data-testid="ports-routes">
      <h2 className="ports-h2">{t('ports.routes')}</h2>
      <div className="ports-scroll">
        <table>
          <thead>
            <tr>
              <th>{t('ports.route')}</th>
              <th>{t('ports.col.trains')}</th>
              <th>{t('ports.plan.baseline')}</th>
              <th>{t('ports.plan.held')}</th>
              <th>{t('ports.plan.replan')}</th>
            </tr>
          </thead>
          <tbody>
            {w.routes.map((r) => (
              <tr key={r.route} data-route={r.route}>
                <td>{routeName(r.route)}</td>
                <td>{fmt.integer(r.trains)}</td>
                <td>{cell(r.baseline)}</td>
                <td>{cell(r.held)}</td>
                <td>{cell(r.replan)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
