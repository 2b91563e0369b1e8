// The Assembly center as a live schematic: the gate (trucks in and out today), the container yard's
// blocks with their occupancy, the loading tracks with the trains forming (fill %), and the next
// departures — from GET /api/v1/ops/assembly, refreshed when the feed carries new events.

import { useI18n } from '../../i18n/locale';
import { type AssemblyLive, opsApi } from '../live/api';
import '../live/live.css';
import { useLive } from '../live/useLive';

export function LiveSchematic() {
  const { t } = useI18n();
  const live = useLive(opsApi.assembly, ['tracking.events', 'ops.trains'], {
    minGapMs: 2000,
    pollMs: 30_000,
  });
  if (!live.enabled || live.state.status === 'loading') return null;
  if (live.state.status === 'error')
    return <p className="plive-note">{t('live.error', { detail: live.state.detail })}</p>;
  return <Schematic a={live.state.data} />;
}

function occupancyColor(x: number): string {
  return x >= 0.9 ? '#ef4444' : x >= 0.7 ? '#f97316' : '#22c55e';
}

function Schematic({ a }: { readonly a: AssemblyLive }) {
  const { t, name, fmt } = useI18n();
  return (
    <section className="asm-live" data-testid="assembly-live" aria-label={t('live.asm.title')}>
      <h2>{t('live.asm.title')}</h2>
      <div className="asm-live-row">
        <div
          className="asm-live-area asm-live-gate"
          data-testid="assembly-live-gate"
          data-in={a.gate.inToday}
          data-out={a.gate.outToday}
        >
          <h3>{t('live.asm.gate')}</h3>
          <div className="asm-live-gate-lanes">
            <span>▶ {t('live.asm.gateIn', { n: fmt.integer(a.gate.inToday) })}</span>
            <span>◀ {t('live.asm.gateOut', { n: fmt.integer(a.gate.outToday) })}</span>
          </div>
          <div className="plive-small">
            {t('live.asm.lastHour', { in: a.gate.lastHourIn, out: a.gate.lastHourOut })}
          </div>
        </div>
        <div
          className="asm-live-area asm-live-yard"
          data-testid="assembly-live-yard"
          data-boxes={a.yard.boxes}
        >
          <h3>
            {t('live.asm.yard')}{' '}
            <span className="plive-small">
              {t('live.asm.yardTotal', {
                boxes: fmt.integer(a.yard.boxes),
                teu: fmt.integer(a.yard.teu),
                cap: fmt.integer(a.yard.capacityTeu),
              })}
            </span>
          </h3>
          <div className="asm-live-blocks">
            {a.yard.blocks.map((b) => (
              <div
                key={b.id}
                className="asm-live-block"
                data-block={b.id}
                data-teu={b.teu}
                title={name(b.label)}
              >
                <div
                  className="asm-live-block-fill"
                  style={{
                    height: `${Math.min(1, b.occupancy) * 100}%`,
                    background: occupancyColor(b.occupancy),
                  }}
                />
                <span className="asm-live-block-label">{b.id === 'other' ? t('live.asm.other') : b.id}</span>
                <span className="asm-live-block-pct">{Math.round(b.occupancy * 100)}%</span>
              </div>
            ))}
          </div>
        </div>
      </div>
      <div className="asm-live-row">
        <div className="asm-live-area asm-live-tracks" data-testid="assembly-live-tracks">
          <h3>{t('live.asm.tracks')}</h3>
          {a.tracks.map((tr) => (
            <div
              key={tr.track}
              className="asm-live-track"
              data-track={tr.track}
              data-train={tr.id ?? ''}
              data-fill={tr.fill ?? 0}
            >
              <span className="asm-live-track-n">{t('live.asm.track', { n: tr.track })}</span>
              <span className="asm-live-rail">
                <span className="asm-live-rail-fill" style={{ width: `${(tr.fill ?? 0) * 100}%` }} />
                <span className="asm-live-rail-text">
                  {tr.id
                    ? `${tr.id} · ${Math.round((tr.fill ?? 0) * 100)}% · ${tr.teu ?? 0}/${tr.capacityTeu ?? 0} TEU`
                    : t('live.asm.empty')}
                </span>
              </span>
            </div>
          ))}
        </div>
        <div className="asm-live-area asm-live-next" data-testid="assembly-live-next">
          <h3>{t('live.asm.next')}</h3>
          <ul>
            {a.nextDepartures.map((d) => (
              <li key={d.id} data-departure={d.id}>
                <span className="plive-id">{d.id}</span>
                <span className="plive-small">
                  {t('live.asm.loaded', { teu: d.loadedTeu, cap: d.capacityTeu })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
