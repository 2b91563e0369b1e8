// One gateway's schedule over the scenario's days (SVG, like the Overview's map): trains crossing per
// day in the re-plan as bars against the day's capacity (a tick), the plan held at the planned gateways
// as a thin bar beside it, and the days whose capacity the change cut shaded.

import { useI18n } from '../../i18n/locale';
import type { GatewayWhatIf } from '../../shared/api';
import { niceMax, scheduleRows, shortDate } from './model';

const W = 640;
const H = 170;
const PAD = { l: 30, r: 8, t: 10, b: 22 };

export function ScheduleChart({ w, gateway }: { readonly w: GatewayWhatIf; readonly gateway: string }) {
  const { t } = useI18n();
  const rows = scheduleRows(w, gateway);
  const base = w.baseline.days.map((d) => d.gateways[gateway]?.quota ?? 0);
  const top = niceMax(Math.max(...rows.map((r) => Math.max(r.quota, r.crossing, r.heldCrossing)), ...base));
  const cw = (W - PAD.l - PAD.r) / Math.max(1, rows.length);
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / top);
  const ticks = [0, top / 2, top];
  const total = rows.reduce((n, r) => n + r.crossing, 0);
  return (
    <figure
      className="ports-chart"
      data-testid={`ports-schedule-${gateway}`}
      data-days={rows.length}
      data-total={total}
    >
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('ports.schedule')}>
        {ticks.map((v) => (
          <g key={v}>
            <line className="ports-grid" x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} />
            <text className="ports-axis" x={PAD.l - 5} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const x = PAD.l + i * cw;
          const cut = r.quota < (base[i] ?? 0);
          return (
            <g
              key={r.day}
              className="ports-day"
              data-day={r.day}
              data-quota={r.quota}
              data-crossing={r.crossing}
              data-held={r.heldCrossing}
            >
              {(cut || r.quota === 0) && (
                <rect
                  className={r.quota === 0 ? 'ports-closed' : 'ports-cut'}
                  x={x}
                  y={PAD.t}
                  width={cw}
                  height={H - PAD.t - PAD.b}
                />
              )}
              <rect
                className="ports-bar"
                x={x + cw * 0.14}
                y={y(r.crossing)}
                width={cw * 0.56}
                height={Math.max(0, y(0) - y(r.crossing))}
              />
              <rect
                className="ports-bar-held"
                x={x + cw * 0.72}
                y={y(r.heldCrossing)}
                width={cw * 0.14}
                height={Math.max(0, y(0) - y(r.heldCrossing))}
              />
              <line
                className="ports-quota"
                x1={x + cw * 0.06}
                x2={x + cw * 0.94}
                y1={y(r.quota)}
                y2={y(r.quota)}
              />
              <title>{`${r.date ?? r.day}: ${r.crossing} / ${r.quota}`}</title>
              {i % 3 === 0 && (
                <text className="ports-axis" x={x + cw / 2} y={H - 6} textAnchor="middle">
                  {shortDate(r.date, r.day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="ports-legend">
        <span className="lg lg-bar">{t('ports.legend.crossing')}</span>
        <span className="lg lg-held">{t('ports.legend.held')}</span>
        <span className="lg lg-quota">{t('ports.legend.quota')}</span>
        <span className="lg lg-cut">{t('ports.legend.cut')}</span>
      </figcaption>
    </figure>
  );
}
