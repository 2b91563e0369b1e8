// The wall screen's live KPI board, computed on the server from the events (GET /api/v1/ops/kpis)
// and refreshed when the feed announces a change ('ops.kpis'); the latest event seen on the feed;
// the live/reconnecting state and the simulated-data badge.

import { useI18n } from '../../i18n/locale';
import type { StreamStatus } from '../../shared/useStream';
import { useAuth } from '../auth/auth';
import type { Kpis } from '../live/api';
import { SimBadge } from '../live/SimBadge';

export interface LastEvent {
  readonly eventId: string;
  readonly code: string;
  readonly train: string | null;
  readonly equipment: string | null;
  readonly at: string;
}

interface Props {
  readonly kpis: Kpis | null;
  readonly stream: StreamStatus;
  readonly enabled: boolean;
  readonly moving: number;
  /** Newest first. */
  readonly recent: readonly LastEvent[];
}

export function LiveBoard({ kpis, stream, enabled, moving, recent }: Props) {
  const last = recent[0] ?? null;
  const { t, fmt } = useI18n();
  const auth = useAuth();
  if (!enabled) {
    return (
      <section className="live-board live-board--off" data-testid="live-board-off">
        <span>{t('live.signIn')}</span>
        {!auth.me && !auth.checking && (
          <button type="button" className="button" onClick={auth.openForm}>
            {t('auth.signIn')}
          </button>
        )}
        <SimBadge />
      </section>
    );
  }
  const k = kpis;
  const tile = (id: string, label: string, value: string, n: number | null, hint?: string) => (
    <div key={id} className="live-tile" data-testid={id}>
      <div className="live-label">{label}</div>
      <div className="live-value" data-value={n ?? ''}>
        {value}
      </div>
      {hint && <div className="live-hint">{hint}</div>}
    </div>
  );
  const v = (n: number | undefined) => (n === undefined ? '—' : fmt.integer(n));
  return (
    <section className="live-board" data-testid="live-board" aria-label={t('live.board')}>
      <div className="live-side">
        <span className={`live-dot live-dot--${stream}`} data-testid="live-status" data-status={stream} />
        <span className="live-side-text">
          {stream === 'open' ? t('live.connected') : t('live.reconnecting')}
        </span>
        <SimBadge />
      </div>
      {tile(
        'live-dispatched-today',
        t('live.dispatchedToday'),
        v(k?.dispatched.today),
        k?.dispatched.today ?? null,
      )}
      {tile(
        'live-dispatched-year',
        t('live.dispatchedYear'),
        v(k?.dispatched.year),
        k?.dispatched.year ?? null,
      )}
      {tile(
        'live-dispatched-total',
        t('live.dispatchedTotal'),
        v(k?.dispatched.total),
        k?.dispatched.total ?? null,
      )}
      {tile(
        'live-teu',
        t('live.teuYear'),
        v(k?.teu.year),
        k?.teu.year ?? null,
        k ? t('live.teuTotal', { n: fmt.integer(k.teu.total) }) : undefined,
      )}
      {tile('live-routes', t('live.activeRoutes'), v(k?.activeRoutes), k?.activeRoutes ?? null)}
      {tile(
        'live-reached',
        t('live.reached'),
        k ? t('live.reachedValue', { cities: k.citiesReached, countries: k.countriesReached }) : '—',
        k?.citiesReached ?? null,
      )}
      {tile('live-goods', t('live.goods'), v(k?.goodsCategories), k?.goodsCategories ?? null)}
      {tile(
        'live-ontime',
        t('live.onTime'),
        k?.onTime.pct == null ? '—' : `${fmt.decimal(k.onTime.pct)}%`,
        k?.onTime.pct ?? null,
        k
          ? k.onTime.arrived > 0
            ? t('live.onTimeHint', { n: k.onTime.arrived })
            : t('live.onTimeNone')
          : undefined,
      )}
      {tile(
        'live-waiting',
        t('live.waitingBorder'),
        v(k?.waitingAtBorder),
        k?.waitingAtBorder ?? null,
        k ? t('live.waitingHint', { n: k.inTransshipment }) : undefined,
      )}
      <div className="live-tile live-tile--feed" data-testid="live-feed" data-moving={moving}>
        <div className="live-label">{t('live.trainsOnMap', { n: fmt.integer(moving) })}</div>
        <div
          className="live-last"
          data-testid="live-last-event"
          data-event-id={last?.eventId ?? ''}
          data-recent={recent.map((e) => e.eventId).join(' ')}
          title={last ? `${last.eventId} · ${last.at}` : ''}
        >
          {last ? `${t('live.lastEvent')}: ${last.code} ${last.train ?? last.equipment ?? ''}` : '—'}
        </div>
      </div>
    </section>
  );
}
