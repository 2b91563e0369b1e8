// The Overview — the port management's wall screen: headline figures, the network on a map of
// Eurasia, the legend and the route list. Loading and error states in the chosen language.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import type { NetworkSnapshot } from '../../shared/api';
import { useNetwork } from '../../shared/useNetwork';
import { type StreamMessage, useStream } from '../../shared/useStream';
import { type BorderPort, type Kpis, type LiveTrain, opsApi } from '../live/api';
import { useLive } from '../live/useLive';
import '../live/live.css';
import { KpiTiles } from './KpiTiles';
import { Legend } from './Legend';
import { type LastEvent, LiveBoard } from './LiveBoard';
import { buildModel } from './model';
import { NetworkMap } from './NetworkMap';
import { RouteList } from './RouteList';
import { startSynthetic, syntheticCount } from './synthetic';
import { TrainCanvas } from './TrainCanvas';
import { type Phase, TrainStore } from './trains';

export function Overview() {
  const { t } = useI18n();
  const { state, retry } = useNetwork();

  if (state.status === 'loading') {
    return (
      <div className="state state--loading" role="status" aria-live="polite" data-testid="overview-loading">
        <div className="spinner" aria-hidden="true" />
        <p>{t('state.loading')}</p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="state state--error" role="alert" data-testid="overview-error">
        <h2>{t('state.error')}</h2>
        <p>{t('state.errorHint')}</p>
        <p className="state-detail">{t('state.errorDetail', { detail: state.detail })}</p>
        <button type="button" className="button" onClick={retry}>
          {t('state.retry')}
        </button>
      </div>
    );
  }
  return <OverviewReady data={state.data} />;
}

function OverviewReady({ data }: { readonly data: NetworkSnapshot }) {
  const { t, fmt, name } = useI18n();
  const model = useMemo(() => buildModel(data), [data]);
  const [highlight, setHighlight] = useState<string | null>(null);
  const s = data.summary;
  const live = useLiveMap(model);
  const queues = useMemo(
    () =>
      (live.border ?? []).flatMap((b) => {
        const g = model.gateways.get(b.id);
        if (!g) return [];
        const n = b.waiting.length + b.transshipping.length;
        return [
          {
            id: b.id,
            lon: g.lon,
            lat: g.lat,
            queue: n,
            label: `${name(b.names)} · ${t('live.queue', { n })}`,
          },
        ];
      }),
    [live.border, model, name, t],
  );
  return (
    <div className="overview" data-testid="overview">
      <KpiTiles summary={s} gateways={model.gateways} />
      <LiveBoard
        kpis={live.kpis}
        stream={live.stream}
        enabled={live.enabled}
        moving={live.moving}
        recent={live.recent}
      />
      <div className="overview-main">
        <div className="map-panel">
          <div className="map-title">
            <h1>{t('overview.title')}</h1>
            <p>{t('overview.subtitle')}</p>
          </div>
          <NetworkMap
            model={model}
            highlight={highlight}
            onHighlight={setHighlight}
            overlay={(projection, width, height, scale) => (
              <TrainCanvas
                store={live.store}
                projection={projection}
                width={width}
                height={height}
                scale={scale}
                queues={queues}
              />
            )}
          />
          <Legend model={model} />
        </div>
        <RouteList model={model} highlight={highlight} onHighlight={setHighlight} />
      </div>
      <footer className="overview-foot">
        <span>{t('kpi.asOf', { date: fmt.date(s.asOf) })}</span>
        <span>{t('kpi.version', { version: s.version })}</span>
        <span className="overview-source">{t('kpi.source', { source: s.source })}</span>
      </footer>
    </div>
  );
}

// The wall screen needs trains' positions ('tracking.train': one small message per new latest
// position, matched to its route) and the figures ('ops.kpis', 'ops.trains') — not every tracking
// event (box moves, readings' events …), which under the twin's load is most of the feed.
const POS_TOPICS = ['tracking.train', 'ops.*'];
/** Position reports kept on screen (newest first) — the latency test waits for its train among them. */
const RECENT = 400;

/** A 'tracking.train' message: a train's new latest position (tracking/trains.ts TrainPosition). */
interface FeedPosition {
  readonly trainReference: string;
  readonly time: string;
  readonly lat: number;
  readonly lon: number;
}

/** The live layer of the map: trains (positions glide between reports), KPIs, gateway queues. */
function useLiveMap(model: ReturnType<typeof buildModel>) {
  const store = useMemo(() => new TrainStore(), []);
  const [recent, setRecent] = useState<readonly LastEvent[]>([]);
  const [pushed, setPushed] = useState<Kpis | null>(null);
  const [moving, setMoving] = useState(0);
  const synthetic = useMemo(() => syntheticCount(window.location.search), []);

  const kpis = useLive(opsApi.kpis, [], { subscribe: false, pollMs: 60_000 });
  // the gateway queues on the map: reloaded on train changes, at most every 5 s (each reload reads
  // the calendar and the departures on the server)
  const border = useLive(opsApi.border, [], { subscribe: false, pollMs: 60_000, minGapMs: 5000 });
  const trains = useLive(opsApi.trains, [], { subscribe: false, pollMs: 30_000 });
  const reloadBorder = border.reload;
  const trainsRef = useRef<readonly LiveTrain[] | null>(null);
  const pendingRecent = useRef<LastEvent[]>([]);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () => () => {
      if (flushTimer.current) clearTimeout(flushTimer.current);
    },
    [],
  );

  // the live list reconciles the store: positions of trains the feed has not moved yet, phases, gone
  useEffect(() => {
    if (trains.state.status !== 'ready' || synthetic > 0) return;
    const list = trains.state.data;
    trainsRef.current = list;
    const now = performance.now();
    const keep = new Set<string>();
    for (const t of list) {
      if (t.lat === null || t.lon === null || t.phase === 'arrived') continue;
      keep.add(t.id);
      const m = store.trains.get(t.id);
      if (!m) store.report(t.id, t.lon, t.lat, now, t.phase);
      else store.setPhase(t.id, t.phase);
    }
    store.retain(keep);
    setMoving(store.trains.size);
  }, [trains.state, store, synthetic]);

  useEffect(() => {
    if (synthetic === 0) return;
    const lines = model.routes.map(
      (r) => r.route.geometry.coordinates as ReadonlyArray<readonly [number, number]>,
    );
    const stop = startSynthetic(store, lines, synthetic);
    setMoving(store.trains.size);
    return stop;
  }, [synthetic, store, model]);

  const onMessage = useCallback(
    (m: StreamMessage) => {
      if (m.topic === 'tracking.train' && m.data && typeof m.data === 'object') {
        const p = m.data as FeedPosition;
        if (typeof p.trainReference !== 'string' || typeof p.lat !== 'number' || typeof p.lon !== 'number')
          return;
        store.report(p.trainReference, p.lon, p.lat, performance.now());
        const seen: LastEvent = {
          eventId: `${p.trainReference}@${p.time}`,
          code: 'POS',
          train: p.trainReference,
          equipment: null,
          at: p.time,
        };
        // under the twin's load positions come by the hundred a second: one render per 50 ms
        pendingRecent.current.push(seen);
        if (!flushTimer.current)
          flushTimer.current = setTimeout(() => {
            flushTimer.current = undefined;
            const fresh = pendingRecent.current.reverse();
            pendingRecent.current = [];
            setRecent((prev) => [...fresh, ...prev].slice(0, RECENT));
            setMoving(store.trains.size);
          }, 50);
      } else if (m.topic === 'ops.kpis') {
        setPushed(m.data as Kpis);
      } else if (m.topic === 'ops.trains' && Array.isArray(m.data)) {
        for (const c of m.data as Array<{ id: string; phase: Phase }>) store.setPhase(c.id, c.phase);
        reloadBorder();
      }
    },
    [store, reloadBorder],
  );
  const stream = useStream(POS_TOPICS, onMessage, { enabled: kpis.enabled && synthetic === 0 });

  const loaded = kpis.state.status === 'ready' ? kpis.state.data : null;
  // the newer of the loaded and the pushed figures
  const shown = pushed && (!loaded || pushed.asOf >= loaded.asOf) ? pushed : loaded;
  return {
    store,
    recent,
    moving,
    stream: synthetic > 0 ? ('open' as const) : stream.status,
    enabled: kpis.enabled || synthetic > 0,
    kpis: shown,
    border: border.state.status === 'ready' ? (border.state.data.items as readonly BorderPort[]) : null,
  };
}
