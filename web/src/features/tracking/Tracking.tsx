// The Tracking page (issue 4 part 7): search a box, a train or a booking → its event timeline, the
// train's position on its route (drawn on the offline base map with the overview's projection), and
// the ETA with its p50–p90 range, the plan and the late legs, explained. Live through the SSE feed
// ('tracking.events', 'tracking.train', 'tracking.eta'): a message about what is shown reloads it.

import { geoPath } from 'd3-geo';
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { BEIJING_TZ } from '../../i18n/format';
import { useI18n } from '../../i18n/locale';
import { basemap } from '../../shared/basemap';
import { useSize } from '../../shared/useSize';
import { type StreamMessage, useStream } from '../../shared/useStream';
import { RequireRole } from '../auth/SignIn';
import { fitProjection, project } from '../overview/geo';
import { type BoxEta, classify, codeOf, type TrackingEventView, type TrainDetail, trackingApi } from './api';
import './tracking.css';

interface Found {
  readonly kind: 'box' | 'train' | 'booking';
  readonly id: string;
  readonly events: readonly TrackingEventView[];
  readonly box: BoxEta | null;
  readonly train: TrainDetail | null;
  readonly boxes: readonly string[];
}

type State =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly detail: string }
  | { readonly status: 'notFound'; readonly id: string }
  | { readonly status: 'ready'; readonly found: Found };

async function load(q: string, signal: AbortSignal): Promise<Found | null> {
  const c = classify(q);
  if (!c) return null;
  if (c.kind === 'train') {
    const [events, train] = await Promise.all([
      trackingApi.events({ trainReference: c.id }, signal),
      trackingApi.train(c.id, signal),
    ]);
    if (!train && events.length === 0) return null;
    return { kind: 'train', id: c.id, events, box: null, train, boxes: [] };
  }
  if (c.kind === 'box') {
    const [events, box] = await Promise.all([
      trackingApi.events({ equipmentReference: c.id }, signal),
      trackingApi.boxEta(c.id, signal),
    ]);
    if (!box && events.length === 0) return null;
    const train = box?.trainReference ? await trackingApi.train(box.trainReference, signal) : null;
    return { kind: 'box', id: c.id, events, box, train, boxes: [] };
  }
  const booking = await trackingApi.booking(c.id, signal);
  if (!booking) return null;
  const boxes = booking.containers.flatMap((g) => g.numbers);
  const first = boxes[0];
  const events = first ? await trackingApi.events({ equipmentReference: first }, signal) : [];
  const box = first ? await trackingApi.boxEta(first, signal) : null;
  const ref = box?.trainReference ?? booking.assignedDeparture;
  const train = ref ? await trackingApi.train(ref, signal) : null;
  return { kind: 'booking', id: c.id, events, box, train, boxes };
}

/** Every signed-in role may track (the server cuts the answers down to the caller's tenant). */
const READERS = [
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

export function Tracking() {
  return (
    <RequireRole roles={READERS}>
      <TrackingPage />
    </RequireRole>
  );
}

function TrackingPage() {
  const { t } = useI18n();
  const initial = new URLSearchParams(window.location.search).get('q') ?? '';
  const [input, setInput] = useState(initial);
  const [query, setQuery] = useState(initial);
  const [reload, setReload] = useState(0);
  const [state, setState] = useState<State>({ status: 'idle' });
  const shown = useRef<Found | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` re-runs the load when the feed says so
  useEffect(() => {
    if (!query) return;
    const ctrl = new AbortController();
    if (!shown.current) setState({ status: 'loading' });
    load(query, ctrl.signal).then(
      (found) => {
        shown.current = found;
        setState(found ? { status: 'ready', found } : { status: 'notFound', id: query });
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted)
          setState({ status: 'error', detail: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctrl.abort();
  }, [query, reload]);

  // a message about the box or train on screen reloads it (coalesced: one reload in flight)
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onMessage = useCallback((m: StreamMessage) => {
    const f = shown.current;
    if (!f) return;
    const refs = new Set([f.id, f.box?.trainReference, f.train?.trainReference, ...f.boxes].filter(Boolean));
    const items = Array.isArray(m.data) ? m.data : [m.data];
    const about = items.some((x) => {
      const o = x as { equipment?: string; trainReference?: string };
      return (o.equipment && refs.has(o.equipment)) || (o.trainReference && refs.has(o.trainReference));
    });
    if (!about || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      setReload((n) => n + 1);
    }, 300);
  }, []);
  const live = useStream(['tracking.events', 'tracking.train', 'tracking.eta'], onMessage, {
    enabled: query !== '',
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    shown.current = null;
    setQuery(input.trim());
    const url = new URL(window.location.href);
    url.searchParams.set('q', input.trim());
    window.history.replaceState(null, '', url);
  };

  return (
    <div className="tracking">
      <header className="tracking-head">
        <div>
          <h1>{t('tracking.title')}</h1>
          <p className="tracking-sub">{t('tracking.subtitle')}</p>
        </div>
        {query && (
          <span className={`tracking-live tracking-live-${live.status}`} data-testid="tracking-live">
            {live.status === 'open'
              ? t('tracking.live')
              : live.status === 'idle'
                ? t('tracking.offline')
                : t('tracking.connecting')}
          </span>
        )}
      </header>
      <form className="tracking-search" onSubmit={submit}>
        <label>
          <span>{t('tracking.searchLabel')}</span>
          <input
            data-testid="tracking-search"
            value={input}
            placeholder={t('tracking.searchPlaceholder')}
            onChange={(e) => setInput(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="tracking-submit">
          {t('tracking.search')}
        </button>
      </form>
      {state.status === 'loading' && <p className="tracking-note">{t('tracking.loading')}</p>}
      {state.status === 'error' && (
        <p className="tracking-note tracking-error" role="alert">
          {t('tracking.error', { detail: state.detail })}
        </p>
      )}
      {state.status === 'notFound' && (
        <p className="tracking-note">{t('tracking.notFound', { id: state.id })}</p>
      )}
      {state.status === 'ready' && (
        <Result
          found={state.found}
          onPick={(box) => {
            shown.current = null;
            setInput(box);
            setQuery(box);
          }}
        />
      )}
    </div>
  );
}

function Result({ found, onPick }: { readonly found: Found; readonly onPick: (box: string) => void }) {
  const { t } = useI18n();
  const title =
    found.kind === 'box'
      ? t('tracking.box', { id: found.id })
      : found.kind === 'train'
        ? t('tracking.train', { id: found.id })
        : t('tracking.booking', { id: found.id });
  return (
    <div className="tracking-result">
      <h2 data-testid="tracking-subject">{title}</h2>
      {found.box && <BoxLine box={found.box} />}
      {found.boxes.length > 0 && (
        <div className="tracking-boxes">
          <span>{t('tracking.boxesOfBooking')}</span>
          {found.boxes.map((b) => (
            <button type="button" key={b} onClick={() => onPick(b)}>
              {b}
            </button>
          ))}
        </div>
      )}
      <div className="tracking-grid">
        {found.train && <EtaCard train={found.train} />}
        {found.train && <RouteMap train={found.train} />}
      </div>
      {found.train && <LegTable train={found.train} />}
      <Timeline events={found.events} />
    </div>
  );
}

function useTime() {
  const { fmt } = useI18n();
  return (iso: string) => {
    const d = new Date(iso);
    return `${fmt.clockDate(d, BEIJING_TZ)} ${fmt.clock(d, BEIJING_TZ).slice(0, 5)}`;
  };
}

function BoxLine({ box }: { readonly box: BoxEta }) {
  const { t } = useI18n();
  if (!box.trainReference) return <p className="tracking-note">{t('tracking.noTrain')}</p>;
  return (
    <p className="tracking-boxline" data-testid="tracking-box-status">
      {box.status === 'discharged'
        ? t('tracking.discharged', { place: box.lastEvent?.location ?? '—' })
        : t('tracking.onTrain', { train: box.trainReference })}
    </p>
  );
}

function EtaCard({ train }: { readonly train: TrainDetail }) {
  const { t, locale, fmt } = useI18n();
  const time = useTime();
  const eta = train.eta;
  const delay = eta.delayHours;
  return (
    <section className="tracking-card tracking-eta" data-testid="tracking-eta">
      <h3>
        {t('tracking.eta')} ·{' '}
        <span className={`tracking-status-${eta.status}`}>{t(`tracking.status.${eta.status}`)}</span>
      </h3>
      <p className="tracking-eta-time" data-testid="tracking-eta-time">
        {time(eta.etaP50)}
      </p>
      <p className="tracking-eta-range">
        {t('tracking.etaRange', { p50: time(eta.etaP50), p90: time(eta.etaP90) })}
      </p>
      <p className="tracking-eta-plan">
        {t('tracking.planned', { time: time(eta.plannedArrival) })} ·{' '}
        <span className={delay > 0.5 ? 'tracking-bad' : 'tracking-good'}>
          {t('tracking.delay', { hours: `${delay > 0 ? '+' : ''}${fmt.decimal(delay)}` })}
        </span>
      </p>
      <p className="tracking-zone">{t('tracking.zone')}</p>
      <p className="tracking-explain" data-testid="tracking-explanation">
        {locale === 'zh' ? eta.explanation.zh : eta.explanation.en}
      </p>
      <div data-testid="tracking-late-legs" className="tracking-late">
        <strong>{eta.lateLegs.length > 0 ? t('tracking.lateLegs') : t('tracking.noLateLegs')}</strong>
        {eta.lateLegs.map((l) => (
          <span key={l} className="tracking-chip">
            {l}
          </span>
        ))}
      </div>
    </section>
  );
}

function RouteMap({ train }: { readonly train: TrainDetail }) {
  const { t, fmt } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const projection = useMemo(() => {
    const lats = train.stops.map((s) => s.lat);
    const lons = train.stops.map((s) => s.lon);
    const pad = 2;
    return fitProjection(width, height, {
      west: Math.min(...lons) - pad,
      east: Math.max(...lons) + pad,
      south: Math.min(...lats) - pad,
      north: Math.max(...lats) + pad,
    });
  }, [train.stops, width, height]);
  const path = geoPath(projection);
  const atlas = basemap();
  const line = train.stops
    .map((s) => project(projection, s.lon, s.lat))
    .filter((p): p is [number, number] => p !== null)
    .map((p) => p.join(','))
    .join(' ');
  const pos = train.position ? project(projection, train.position.lon, train.position.lat) : null;
  return (
    <section className="tracking-card tracking-map" data-testid="tracking-map">
      <h3>{t('tracking.position')}</h3>
      <div className="tracking-map-box" ref={box}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={train.routeId}>
            <path d={path(atlas.land) ?? ''} className="tracking-land" />
            <path d={path(atlas.borders) ?? ''} className="tracking-borders" />
            <polyline points={line} className="tracking-route" />
            {train.stops.map((s) => {
              const p = project(projection, s.lon, s.lat);
              return p ? <circle key={s.id} cx={p[0]} cy={p[1]} r={2.5} className="tracking-stop" /> : null;
            })}
            {pos && (
              <g data-testid="tracking-train-marker">
                <circle cx={pos[0]} cy={pos[1]} r={9} className="tracking-train-halo" />
                <circle cx={pos[0]} cy={pos[1]} r={5} className="tracking-train" />
              </g>
            )}
          </svg>
        )}
      </div>
      <p className="tracking-note">
        {train.position
          ? t('tracking.progress', {
              km: fmt.integer(train.position.kmAlong ?? 0),
              pct: fmt.decimal(train.position.progressPct ?? 0),
              off: fmt.decimal(train.position.offRouteKm ?? 0),
            })
          : t('tracking.noPosition')}
      </p>
    </section>
  );
}

function LegTable({ train }: { readonly train: TrainDetail }) {
  const { t, fmt } = useI18n();
  return (
    <section className="tracking-card">
      <h3>{t('tracking.legs')}</h3>
      <table className="tracking-legs" data-testid="tracking-legs">
        <thead>
          <tr>
            <th>{t('tracking.leg')}</th>
            <th>{t('tracking.legState')}</th>
            <th>{t('tracking.legPlan')}</th>
            <th>{t('tracking.legP50')}</th>
            <th>{t('tracking.legP90')}</th>
            <th>{t('tracking.legActual')}</th>
            <th>{t('tracking.legBasis')}</th>
          </tr>
        </thead>
        <tbody>
          {train.eta.legs.map((l) => (
            <tr key={l.legId} className={`tracking-leg-${l.state}${l.late ? ' tracking-leg-late' : ''}`}>
              <td>
                {l.legId}
                {l.late && <span className="tracking-chip">{t('tracking.late')}</span>}
              </td>
              <td>{t(`tracking.state.${l.state}`)}</td>
              <td>{fmt.decimal(l.plannedHours)}</td>
              <td>{fmt.decimal(l.p50Hours)}</td>
              <td>{fmt.decimal(l.p90Hours)}</td>
              <td>{l.actualHours === undefined ? '—' : fmt.decimal(l.actualHours)}</td>
              <td>{t(`tracking.basis.${l.basis}`, { n: l.samples })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Timeline({ events }: { readonly events: readonly TrackingEventView[] }) {
  const { t } = useI18n();
  const time = useTime();
  const sorted = [...events].sort((a, b) => Date.parse(b.eventDateTime) - Date.parse(a.eventDateTime));
  return (
    <section className="tracking-card">
      <h3>{t('tracking.timeline')}</h3>
      {sorted.length === 0 ? (
        <p className="tracking-note">{t('tracking.noEvents')}</p>
      ) : (
        <ol className="tracking-timeline" data-testid="tracking-timeline">
          {sorted.map((e) => (
            <li key={`${e.deviceId}/${e.eventId}`} data-testid="tracking-event">
              <time dateTime={e.eventDateTime}>{time(e.eventDateTime)}</time>
              <span className={`tracking-code tracking-code-${e.eventType.toLowerCase()}`}>{codeOf(e)}</span>
              <span>{e.location ?? ''}</span>
              <span className="tracking-ref">{e.equipmentReference ?? e.trainReference ?? ''}</span>
              <span className="tracking-cls">{e.eventClassifierCode}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
