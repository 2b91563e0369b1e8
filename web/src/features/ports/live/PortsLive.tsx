// The Border ports' live section: Alashankou and Khorgos side by side — trains waiting, in
// transshipment (with progress), crossed today against capacity, the queue forecast of the coming
// days — from GET /api/v1/ops/border, refreshed when the feed says a train changed phase.

import { useI18n } from '../../../i18n/locale';
import { type BorderPort, opsApi } from '../../live/api';
import '../../live/live.css';
import { useLive } from '../../live/useLive';
import './ports-live.css';

export function PortsLive() {
  const { t } = useI18n();
  const live = useLive(opsApi.border, ['ops.trains'], { pollMs: 30_000 });
  if (!live.enabled) return null;
  if (live.state.status === 'error')
    return <p className="plive-note">{t('live.error', { detail: live.state.detail })}</p>;
  if (live.state.status === 'loading') return null;
  return (
    <section className="plive" data-testid="ports-live" aria-label={t('live.ports.title')}>
      <h2 className="ports-h2">{t('live.ports.title')}</h2>
      <div className="plive-grid">
        {live.state.data.items.map((p) => (
          <PortLive key={p.id} port={p} />
        ))}
      </div>
    </section>
  );
}

function PortLive({ port }: { readonly port: BorderPort }) {
  const { t, name, fmt } = useI18n();
  const max = Math.max(1, ...port.forecast.map((d) => Math.max(d.queue + d.crossing, d.capacity)));
  const crossedPct = port.capacityToday > 0 ? Math.min(1, port.crossedToday / port.capacityToday) : 0;
  return (
    <article className="plive-card" data-testid="ports-live-card" data-gateway-id={port.id}>
      <h3>{name(port.names)}</h3>
      <div className="plive-figures">
        <div data-testid="ports-live-waiting" data-value={port.waiting.length}>
          <span className="plive-label">{t('live.ports.waiting')}</span>
          <b>{fmt.integer(port.waiting.length)}</b>
        </div>
        <div data-testid="ports-live-transshipping" data-value={port.transshipping.length}>
          <span className="plive-label">{t('live.ports.transshipping')}</span>
          <b>{fmt.integer(port.transshipping.length)}</b>
        </div>
        <div data-testid="ports-live-crossed" data-value={port.crossedToday}>
          <span className="plive-label">{t('live.ports.crossed')}</span>
          <b>
            {fmt.integer(port.crossedToday)} / {fmt.integer(port.capacityToday)}
          </b>
          <span className="plive-bar">
            <span style={{ width: `${crossedPct * 100}%` }} />
          </span>
          <span
            className="plive-label"
            data-testid="ports-live-crossed-inbound"
            data-value={port.crossedInboundToday}
          >
            {t('live.ports.crossedInbound', { n: fmt.integer(port.crossedInboundToday) })}
          </span>
        </div>
      </div>
      <ul className="plive-trains">
        {port.transshipping.map((tr) => (
          <li key={tr.id} data-train={tr.id}>
            <span className="plive-id">{tr.id}</span>
            <span className="plive-bar plive-bar--progress">
              <span style={{ width: `${tr.progress * 100}%` }} />
            </span>
            <span className="plive-small">
              {t('live.ports.boxes', { done: tr.transshipped, n: tr.boxes })}
            </span>
          </li>
        ))}
        {port.waiting.slice(0, 6).map((tr) => (
          <li key={tr.id} data-train={tr.id} className="plive-waiting">
            <span className="plive-id">{tr.id}</span>
            <span className="plive-small">{tr.arrivedAt.slice(5, 16).replace('T', ' ')}Z</span>
          </li>
        ))}
        {port.transshipping.length + port.waiting.length === 0 && (
          <li className="plive-small">{t('live.ports.none')}</li>
        )}
      </ul>
      <h4>{t('live.ports.forecast')}</h4>
      <svg
        className="plive-forecast"
        viewBox={`0 0 ${port.forecast.length * 40} 90`}
        role="img"
        data-testid="ports-live-forecast"
      >
        {port.forecast.map((d, i) => {
          const h = (v: number) => (v / max) * 60;
          return (
            <g key={d.day} transform={`translate(${i * 40 + 6},0)`}>
              <title>
                {`${d.day}: ${t('live.ports.arriving')} ${d.arriving}, ${t('live.ports.capacity')} ${d.capacity}, ${t('live.ports.queueEnd')} ${d.queue}`}
              </title>
              <rect x={0} y={70 - h(d.crossing)} width={12} height={h(d.crossing)} className="plive-cross" />
              <rect x={14} y={70 - h(d.queue)} width={12} height={h(d.queue)} className="plive-queue" />
              <line x1={-2} x2={30} y1={70 - h(d.capacity)} y2={70 - h(d.capacity)} className="plive-cap" />
              <text x={14} y={84} textAnchor="middle" className="plive-day">
                {d.day.slice(5)}
              </text>
              <text x={20} y={66 - h(d.queue)} textAnchor="middle" className="plive-qn">
                {d.queue}
              </text>
            </g>
          );
        })}
      </svg>
      {port.overdue > 0 && (
        <p className="plive-small" data-testid="ports-live-overdue" data-overdue={port.overdue}>
          {t('live.ports.overdue', { n: port.overdue })}
        </p>
      )}
    </article>
  );
}
