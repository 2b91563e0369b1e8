// The queue forecast: trains waiting to cross (all gateways) at the end of each day, before the change,
// after it with trains held at their planned gateway, and after the exact re-plan.

import { useI18n } from '../../i18n/locale';
import type { GatewayWhatIf } from '../../shared/api';
import { cutRuns, niceMax, queueSeries, shortDate } from './model';

const W = 760;
const H = 230;
const PAD = { l: 40, r: 12, t: 12, b: 24 };

export function QueueChart({ w }: { readonly w: GatewayWhatIf }) {
  const { t, fmt } = useI18n();
  const s = queueSeries(w);
  const top = niceMax(s.max);
  const n = s.replan.length;
  const x = (i: number) => PAD.l + ((W - PAD.l - PAD.r) * i) / Math.max(1, n - 1);
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / top);
  const path = (vs: readonly number[]) =>
    vs.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const area = (vs: readonly number[]) => `${path(vs)}L${x(n - 1).toFixed(1)},${y(0)}L${x(0)},${y(0)}Z`;
  const lines = [
    { id: 'held', cls: 'q-held', vs: s.held, label: t('ports.plan.held'), max: w.held.maxWaiting },
    { id: 'replan', cls: 'q-replan', vs: s.replan, label: t('ports.plan.replan'), max: w.replan.maxWaiting },
    {
      id: 'baseline',
      cls: 'q-base',
      vs: s.baseline,
      label: t('ports.plan.baseline'),
      max: w.baseline.maxWaiting,
    },
  ];
  return (
    <figure
      className="ports-chart ports-queue"
      data-testid="ports-queue-chart"
      data-max-baseline={w.baseline.maxWaiting}
      data-max-held={w.held.maxWaiting}
      data-max-replan={w.replan.maxWaiting}
    >
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('ports.queue')}>
        {[0, top / 2, top].map((v) => (
          <g key={v}>
            <line className="ports-grid" x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} />
            <text className="ports-axis" x={PAD.l - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {cutRuns(w).map(([a, b]) => (
          <rect
            key={a}
            className="ports-cut"
            x={x(a) - 3}
            y={PAD.t}
            width={Math.max(6, x(b) - x(a) + 6)}
            height={H - PAD.t - PAD.b}
          />
        ))}
        <path className="q-area" d={area(s.held)} />
        {lines.map((l) => (
          <path key={l.id} className={`q-line ${l.cls}`} d={path(l.vs)} data-series={l.id} />
        ))}
        {w.replan.days.map((d, i) =>
          i % 3 === 0 ? (
            <text key={d.day} className="ports-axis" x={x(i)} y={H - 6} textAnchor="middle">
              {shortDate(d.date, d.day)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="ports-legend">
        {lines.map((l) => (
          <span key={l.id} className={`lg lg-${l.cls}`}>
            {l.label} · {t('ports.peak', { n: fmt.integer(l.max) })}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
