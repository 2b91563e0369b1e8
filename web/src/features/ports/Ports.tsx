// The Border ports page (issue 6 part 6): Alashankou and Khorgos side by side — capacity, the coming
// days' calendar, the scenario schedule — the queue forecast, and the what-if controls with the
// comparison and the reasons. Shipped scenarios run on the server's exact scheduler.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import {
  ApiError,
  api,
  type CapacityChange,
  type GatewayModelView,
  type GatewayScenario,
  type GatewayWhatIf,
} from '../../shared/api';
import { useNetwork } from '../../shared/useNetwork';
import { GatewayCard } from './GatewayCard';
import { PortsLive } from './live/PortsLive';
import { CALENDAR_DAYS } from './model';
import { QueueChart } from './QueueChart';
import { Reasons, RouteDelays } from './Reasons';
import { TransshipmentPanel } from './transshipment/TransshipmentPanel';
import { WhatIfPanel } from './WhatIfPanel';
import './ports.css';

const DEFAULT_SCENARIO = 'oct-2021';
/** The real plan (the timetable's departures) when the timetable has any through the gateways. */
const REAL_PLAN = 'timetable';

type Load =
  | { status: 'loading' }
  | { status: 'error'; detail: string }
  | { status: 'ready'; models: readonly GatewayModelView[]; scenarios: readonly GatewayScenario[] };

const detailOf = (e: unknown) =>
  e instanceof ApiError
    ? `${e.status || '—'} ${e.path}: ${e.detail}`
    : e instanceof Error
      ? e.message
      : String(e);

export function Ports() {
  const { t } = useI18n();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on retry
  useEffect(() => {
    const ctrl = new AbortController();
    setLoad({ status: 'loading' });
    Promise.all([api.gatewayModels({ days: 14 }, ctrl.signal), api.gatewayScenarios(ctrl.signal)]).then(
      ([models, scenarios]) => setLoad({ status: 'ready', models, scenarios }),
      (e: unknown) => {
        if (!ctrl.signal.aborted) setLoad({ status: 'error', detail: detailOf(e) });
      },
    );
    return () => ctrl.abort();
  }, [attempt]);

  if (load.status === 'loading') {
    return (
      <div className="state state--loading" role="status" aria-live="polite" data-testid="ports-loading">
        <div className="spinner" aria-hidden="true" />
        <p>{t('ports.loading')}</p>
      </div>
    );
  }
  if (load.status === 'error') {
    return (
      <div className="state state--error" role="alert" data-testid="ports-error">
        <h2>{t('ports.error')}</h2>
        <p className="state-detail">{t('state.errorDetail', { detail: load.detail })}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t('state.retry')}
        </button>
      </div>
    );
  }
  return (
    <PortsReady
      models={load.models}
      scenarios={load.scenarios}
      onCalendarChanged={() => setAttempt((n) => n + 1)}
    />
  );
}

function PortsReady({
  models,
  scenarios,
  onCalendarChanged,
}: {
  readonly models: readonly GatewayModelView[];
  readonly scenarios: readonly GatewayScenario[];
  readonly onCalendarChanged: () => void;
}) {
  const { t, name } = useI18n();
  const network = useNetwork();
  const routeNames = useMemo(() => {
    const m = new Map<string, { en: string; zh: string }>();
    if (network.state.status === 'ready') for (const r of network.state.data.routes) m.set(r.id, r.names);
    return m;
  }, [network.state]);
  const routeGateway = useMemo(() => {
    const m = new Map<string, string | null>();
    if (network.state.status === 'ready') for (const r of network.state.data.routes) m.set(r.id, r.gateway);
    return m;
  }, [network.state]);
  const routeName = useCallback(
    (id: string) => {
      const n = routeNames.get(id);
      return n === undefined ? id : name(n);
    },
    [routeNames, name],
  );
  const [scenarioId, setScenarioId] = useState(
    scenarios.find((s) => s.id === REAL_PLAN)?.id ??
      scenarios.find((s) => s.id === DEFAULT_SCENARIO)?.id ??
      scenarios[0]?.id ??
      '',
  );
  const [changes, setChanges] = useState<readonly CapacityChange[]>([]);
  const [onCalendar, setOnCalendar] = useState(true);
  const [whatIf, setWhatIf] = useState<GatewayWhatIf | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ctrl = useRef<AbortController | null>(null);

  const run = useCallback((id: string, extra: readonly CapacityChange[], calendar: boolean) => {
    if (id === '') return;
    ctrl.current?.abort();
    const c = new AbortController();
    ctrl.current = c;
    setRunning(true);
    setError(null);
    api.runGatewayScenario(id, extra, c.signal, { onCalendar: calendar }).then(
      (w) => {
        setWhatIf(w);
        setRunning(false);
      },
      (e: unknown) => {
        if (c.signal.aborted) return;
        setError(detailOf(e));
        setRunning(false);
      },
    );
  }, []);

  // the chosen scenario as shipped, at once (the schedules need a plan to show)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on open
  useEffect(() => {
    run(scenarioId, [], true);
    return () => ctrl.current?.abort();
  }, []);

  const border = models.filter((m) => m.border);
  const others = models.filter((m) => !m.border);
  const scenario = scenarios.find((s) => s.id === scenarioId);
  const today = models[0]?.calendar[0]?.date ?? new Date().toISOString().slice(0, 10);
  // the real plan runs on the calendar by itself; a shipped scenario when moved to the coming days
  const realPlan = whatIf?.scenario?.id === REAL_PLAN;
  const shownOnCalendar = whatIf !== null && (realPlan || whatIf.startDate !== whatIf.scenario?.startDate);
  return (
    <div className="ports" data-testid="ports">
      <div className="ports-head">
        <div>
          <h1>{t('ports.title')}</h1>
          <p>{t('ports.subtitle')}</p>
        </div>
        {whatIf?.scenario != null && (
          <p
            className="ports-scenario-desc"
            data-testid="ports-scenario-title"
            data-on-calendar={shownOnCalendar}
            data-scenario={whatIf.scenario.id}
          >
            {shownOnCalendar && !realPlan ? (
              <>
                <b>{t('ports.calendarTitle', { from: whatIf.startDate ?? '' })}</b>
                {t('ports.calendarDesc', { scenario: name(whatIf.scenario.title) })}
              </>
            ) : (
              <>
                <b>{name(whatIf.scenario.title)}</b> {name(whatIf.scenario.description)}
              </>
            )}
          </p>
        )}
      </div>
      <PortsLive />
      <div className="ports-grid">
        {border.map((m) => (
          <GatewayCard key={m.id} model={m} whatIf={whatIf} />
        ))}
        <WhatIfPanel
          scenarios={scenarios}
          scenarioId={scenarioId}
          onScenario={(id) => {
            setScenarioId(id);
            if (!onCalendar) setChanges([]);
          }}
          onCalendar={onCalendar}
          onMode={(cal) => {
            setOnCalendar(cal);
            setChanges([]);
          }}
          range={
            scenario === undefined
              ? null
              : onCalendar
                ? { startDate: today, days: CALENDAR_DAYS }
                : { startDate: scenario.startDate, days: scenario.days }
          }
          changes={changes}
          onChanges={setChanges}
          onRun={() => run(scenarioId, changes, onCalendar)}
          running={running}
          whatIf={whatIf}
          error={error}
        />
      </div>
      {whatIf !== null && (
        <div className="ports-bottom">
          <section className="ports-panel">
            <h2 className="ports-h2">{t('ports.queue')}</h2>
            <QueueChart w={whatIf} />
          </section>
          <RouteDelays w={whatIf} routeName={routeName} />
          <Reasons w={whatIf} routeName={routeName} />
        </div>
      )}
      <TransshipmentPanel
        models={border}
        routeGateway={routeGateway}
        routeName={routeName}
        onCalendarChanged={onCalendarChanged}
      />
      <footer className="overview-foot ports-foot">
        <span>
          {t('ports.others')}{' '}
          {others
            .map((m) => t('ports.otherLine', { name: name(m.names), n: m.outbound.trainsPerDay }))
            .join(' · ')}
        </span>
        {scenario !== undefined && (
          <span>{t('ports.sources', { sources: scenario.sources.join('; ') })}</span>
        )}
      </footer>
    </div>
  );
}
