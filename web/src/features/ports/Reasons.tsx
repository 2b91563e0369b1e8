// Why trains are late (every late or unscheduled train of the re-plan, in the chosen language), and
// the delay per route before the change, held, and re-planned.

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
  const list = w.explanations.slice(0, SHOWN);
  return (
    <section
      className="ports-panel ports-reasons"
      data-testid="ports-reasons"
      data-count={w.explanations.length}
    >
      <h2 className="ports-h2">
        {t('ports.reasons')}
        <small>
          {t('ports.reasonsCount', { n: fmt.integer(w.explanations.length), shown: list.length })}
        </small>
      </h2>
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
