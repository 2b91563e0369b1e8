// The transshipment panel of the Border ports page (issue 6 part 3): per border gateway, for a signed-in
// border officer, dispatcher, planner (or management, reading): the trains arriving from the timetable,
// a button that transships the picked ones onto 1520 mm trains, the transshipments with their progress,
// the re-load (3 × 41 → 2 × 61–62) with the new trains' wagons, the crane moves and their time, and the
// CIM/SMGS handover record to print. Closures are committed to the gateway calendar in ClosureForm.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/locale';
import { ApiError, type Departure, type GatewayModelView } from '../../../shared/api';
import { useAuth } from '../../auth/auth';
import {
  handoverHtml,
  departures as loadDepartures,
  type Transshipment,
  transship,
  transshipments,
} from './api';
import { ClosureForm } from './ClosureForm';
import './transshipment.css';

const OPERATE = ['admin', 'planner', 'dispatcher', 'border-officer'] as const;
const READ = [...OPERATE, 'management', 'forwarder', 'shipper'] as const;
const TZ = 'Asia/Shanghai';

const day = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10);
const detailOf = (e: unknown) =>
  e instanceof ApiError ? e.detail : e instanceof Error ? e.message : String(e);

interface Props {
  readonly models: readonly GatewayModelView[];
  /** routeId → gateway id, from the network. */
  readonly routeGateway: ReadonlyMap<string, string | null>;
  readonly routeName: (id: string) => string;
  /** Called after a closure was committed or withdrawn (the page reloads its calendars). */
  readonly onCalendarChanged: () => void;
}

export function TransshipmentPanel({ models, routeGateway, routeName, onCalendarChanged }: Props) {
  const { t, name } = useI18n();
  const auth = useAuth();
  const [gateway, setGateway] = useState(models[0]?.id ?? '');
  const model = models.find((m) => m.id === gateway);
  const canRead = auth.hasRole(...READ);
  const canOperate = auth.hasRole(...OPERATE);

  return (
    <section className="ports-panel ts-panel" data-testid="ts-panel" aria-label={t('transshipment.title')}>
      <header className="ts-head">
        <div>
          <h2 className="ports-h2">{t('transshipment.title')}</h2>
          <p className="ts-sub">{t('transshipment.subtitle')}</p>
        </div>
        <div className="ports-tabs ts-tabs" role="tablist">
          {models.map((m) => (
            <button
              key={m.id}
              type="button"
              role="tab"
              aria-selected={m.id === gateway}
              className={`ports-tab${m.id === gateway ? ' ports-tab--on' : ''}`}
              data-testid={`ts-tab-${m.id}`}
              onClick={() => setGateway(m.id)}
            >
              {name(m.names)} <small>{m.id}</small>
            </button>
          ))}
        </div>
      </header>
      {!canRead ? (
        <div className="ts-signin" data-testid="ts-signin">
          <p>{auth.me === null ? t('transshipment.signInNeeded') : t('transshipment.noRole')}</p>
          {auth.me === null && (
            <button type="button" className="button" onClick={() => auth.openForm()}>
              {t('transshipment.signIn')}
            </button>
          )}
        </div>
      ) : model === undefined ? null : (
        <GatewayTransshipments
          key={model.id}
          model={model}
          canOperate={canOperate}
          routeGateway={routeGateway}
          routeName={routeName}
          onCalendarChanged={onCalendarChanged}
        />
      )}
    </section>
  );
}

function GatewayTransshipments({
  model,
  canOperate,
  routeGateway,
  routeName,
  onCalendarChanged,
}: {
  readonly model: GatewayModelView;
  readonly canOperate: boolean;
  readonly routeGateway: ReadonlyMap<string, string | null>;
  readonly routeName: (id: string) => string;
  readonly onCalendarChanged: () => void;
}) {
  const { t } = useI18n();
  const [list, setList] = useState<readonly Transshipment[] | null>(null);
  const [deps, setDeps] = useState<readonly Departure[]>([]);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [cranes, setCranes] = useState(2);
  const [rate, setRate] = useState(90);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [lastEvents, setLastEvents] = useState<Transshipment['events'] | null>(null);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` reloads (after a transshipment, every 30 s)
  useEffect(() => {
    const ctrl = new AbortController();
    const now = new Date();
    Promise.all([
      transshipments(model.id, ctrl.signal),
      canOperate ? loadDepartures(day(now, -5), day(now, 7), ctrl.signal) : Promise.resolve([]),
    ]).then(
      ([items, ds]) => {
        setList(items);
        setDeps(ds.filter((d) => routeGateway.get(d.routeId) === model.id && d.status !== 'cancelled'));
        setSelected((s) => s ?? items[0]?.id ?? null);
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted) setError(detailOf(e));
      },
    );
    return () => ctrl.abort();
  }, [model.id, canOperate, routeGateway, tick]);
  useEffect(() => {
    const h = setInterval(() => setTick((n) => n + 1), 30_000);
    return () => clearInterval(h);
  }, []);

  const done = useMemo(
    () => new Set((list ?? []).flatMap((x) => x.arriving.map((a) => a.reference))),
    [list],
  );
  const run = useCallback(async () => {
    if (picked.length < 1 || picked.length > 6) {
      setError(t('transshipment.pick'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await transship(model.id, { departures: picked, cranes, movesPerCraneHour: rate });
      setLastEvents(r.events ?? null);
      setSelected(r.id);
      setPicked([]);
      setTick((n) => n + 1);
    } catch (e) {
      setError(detailOf(e));
    } finally {
      setBusy(false);
    }
  }, [picked, cranes, rate, model.id, t]);

  const current = list?.find((x) => x.id === selected) ?? null;
  return (
    <div className="ts-body">
      {canOperate && (
        <div className="ts-col ts-new">
          <h3 className="ports-h3">{t('transshipment.arriving', { gateway: model.id })}</h3>
          {deps.length === 0 ? (
            <p className="ports-note">{t('transshipment.noArriving')}</p>
          ) : (
            <ul className="ts-deps" data-testid="ts-departures">
              {deps.map((d) => {
                const was = done.has(d.id);
                return (
                  <li key={d.id}>
                    <label className={was ? 'ts-dep ts-dep--done' : 'ts-dep'}>
                      <input
                        type="checkbox"
                        data-testid={`ts-dep-${d.id}`}
                        disabled={was || busy}
                        checked={picked.includes(d.id)}
                        onChange={(e) =>
                          setPicked((p) => (e.target.checked ? [...p, d.id] : p.filter((x) => x !== d.id)))
                        }
                      />
                      <span className="mono">{d.id}</span>
                      <small>
                        {routeName(d.routeId)}
                        {was
                          ? ` · ${t('transshipment.done')}`
                          : d.running === false
                            ? ` · ${t('transshipment.notRunning')}`
                            : ''}
                      </small>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="ts-row">
            <label className="ports-field">
              {t('transshipment.cranes')}
              <input
                type="number"
                min={1}
                max={12}
                value={cranes}
                data-testid="ts-cranes"
                onChange={(e) => setCranes(Math.max(1, Math.min(12, Number(e.target.value) || 1)))}
              />
            </label>
            <label className="ports-field">
              {t('transshipment.rate')}
              <input
                type="number"
                min={1}
                max={300}
                value={rate}
                onChange={(e) => setRate(Math.max(1, Math.min(300, Number(e.target.value) || 1)))}
              />
            </label>
          </div>
          <button
            type="button"
            className="button ts-run"
            data-testid="ts-run"
            disabled={busy || picked.length === 0}
            onClick={() => void run()}
          >
            {busy ? t('transshipment.starting') : `${t('transshipment.start')} (${picked.length})`}
          </button>
          {error !== null && (
            <p className="ports-error" role="alert" data-testid="ts-error">
              {error}
            </p>
          )}
          {lastEvents && (
            <p className="ports-note" data-testid="ts-events">
              {t('transshipment.events', {
                n: lastEvents.stored,
                dup: lastEvents.duplicates,
                untracked: lastEvents.untracked,
              })}
            </p>
          )}
          <ClosureForm model={model} onChanged={onCalendarChanged} />
        </div>
      )}
      <div className="ts-col ts-list">
        <h3 className="ports-h3">{t('transshipment.list')}</h3>
        {list === null ? null : list.length === 0 ? (
          <p className="ports-note">{t('transshipment.none')}</p>
        ) : (
          <ul className="ts-items" data-testid="ts-list">
            {list.map((x) => (
              <li key={x.id}>
                <button
                  type="button"
                  className={`ts-item${x.id === selected ? ' ts-item--on' : ''}`}
                  data-testid={`ts-item-${x.id}`}
                  data-status={x.status}
                  data-percent={x.progress.percent}
                  onClick={() => setSelected(x.id)}
                >
                  <span className="ts-item-head">
                    <span className="mono">{x.id}</span>
                    <span className={`ports-tag ts-status--${x.status}`}>
                      {t(`transshipment.status.${x.status}`)}
                    </span>
                  </span>
                  <span className="ts-item-line">
                    {t('transshipment.reload', { n: x.arriving.length, m: x.formed.length })}
                  </span>
                  <span className="ts-bar" aria-hidden="true">
                    <span style={{ width: `${x.progress.percent}%` }} />
                  </span>
                  <small>
                    {t('transshipment.progress', { done: x.progress.done, total: x.progress.total })} ·{' '}
                    {x.progress.percent}%
                  </small>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {current !== null && <Detail x={current} />}
    </div>
  );
}

function Detail({ x }: { readonly x: Transshipment }) {
  const { t, fmt, name } = useI18n();
  const [html, setHtml] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const time = (iso: string) =>
    `${fmt.clockDate(new Date(iso), TZ)} ${fmt.clock(new Date(iso), TZ).slice(0, 5)}`;
  const from = x.arriving.map((a) => a.wagons).join(' + ');
  const to = x.formed.map((f) => f.wagons.length).join(' + ');
  return (
    <div className="ts-col ts-detail" data-testid="ts-detail" data-id={x.id}>
      <h3 className="ports-h3">
        {t('transshipment.reload', { n: x.arriving.length, m: x.formed.length })}{' '}
        <b className="ts-reload" data-testid="ts-reload">
          {t('transshipment.reloadDetail', { from, to })}
        </b>
      </h3>
      <p className="ports-note">
        {t('transshipment.window', { start: time(x.startAt), end: time(x.endAt), tz: TZ })}
      </p>
      <h4 className="ts-h4">{t('transshipment.formed')}</h4>
      <ul className="ts-trains" data-testid="ts-formed">
        {x.formed.map((f) => {
          const loaded = new Set(f.placements.map((p) => p.wagon));
          return (
            <li key={f.reference} data-wagons={f.wagons.length} data-boxes={f.boxes}>
              <span className="mono">{f.reference}</span>{' '}
              <small>
                {t('transshipment.wagons', { n: f.wagons.length })} ·{' '}
                {t('transshipment.boxes', { n: f.boxes })} · {t('transshipment.teu', { n: f.teu })} ·{' '}
                {t('transshipment.tonnes', { n: fmt.integer(Math.round(f.cargoKg / 1000)) })} ·{' '}
                {t('transshipment.metres', { n: fmt.integer(Math.round(f.lengthMm / 1000)) })}
              </small>
              <span className="ts-wagons" aria-hidden="true">
                {f.wagons.map((w) => (
                  <span
                    key={w.id}
                    className={`ts-wagon${loaded.has(w.id) ? ' ts-wagon--on' : ''}${w.type !== f.wagons[0]?.type ? ' ts-wagon--long' : ''}`}
                    title={`${w.id} ${w.type}`}
                  />
                ))}
              </span>
            </li>
          );
        })}
      </ul>
      <h4 className="ts-h4">{t('transshipment.moves')}</h4>
      <dl className="ts-moves" data-testid="ts-moves" data-moves={x.summary.moves}>
        <div>
          <dt>{t('transshipment.direct')}</dt>
          <dd>{x.summary.direct}</dd>
        </div>
        <div>
          <dt>{t('transshipment.viaYard')}</dt>
          <dd>{x.summary.viaYard}</dd>
        </div>
        <div>
          <dt>{t('transshipment.held')}</dt>
          <dd>{x.summary.held}</dd>
        </div>
        <div>
          <dt>Σ</dt>
          <dd>{x.summary.moves}</dd>
        </div>
      </dl>
      <p className="ports-note">
        {t('transshipment.minutes', {
          n: x.summary.minutes,
          cranes: x.summary.cranes,
          rate: x.summary.movesPerCraneHour,
        })}
      </p>
      <button
        type="button"
        className="button"
        data-testid="ts-smgs"
        onClick={() => {
          setErr(null);
          handoverHtml(x.id).then(setHtml, (e: unknown) => setErr(detailOf(e)));
        }}
      >
        {t('transshipment.smgsOpen')} · {x.recordNumber}
      </button>
      {err !== null && (
        <p className="ports-error" role="alert">
          {err}
        </p>
      )}
      <details className="ts-assume">
        <summary>{t('transshipment.assumptions')}</summary>
        <ul>
          {x.assumptions.map((a) => (
            <li key={a.en}>{name(a)}</li>
          ))}
        </ul>
      </details>
      {html !== null && <SmgsDialog html={html} title={x.recordNumber} onClose={() => setHtml(null)} />}
    </div>
  );
}

function SmgsDialog({
  html,
  title,
  onClose,
}: {
  readonly html: string;
  readonly title: string;
  readonly onClose: () => void;
}) {
  const { t } = useI18n();
  const [frame, setFrame] = useState<HTMLIFrameElement | null>(null);
  return (
    <div
      className="ts-modal"
      role="dialog"
      aria-modal="true"
      aria-label={t('transshipment.smgs')}
      data-testid="ts-smgs-dialog"
    >
      <div className="ts-modal-box">
        <header className="ts-modal-head">
          <h3>
            {t('transshipment.smgs')} <span className="mono">{title}</span>
          </h3>
          <div>
            <button
              type="button"
              className="button"
              data-testid="ts-print"
              onClick={() => frame?.contentWindow?.print()}
            >
              {t('transshipment.print')}
            </button>{' '}
            <button
              type="button"
              className="button button--ghost"
              data-testid="ts-smgs-close"
              onClick={onClose}
            >
              {t('transshipment.close')}
            </button>
          </div>
        </header>
        <iframe
          ref={setFrame}
          className="ts-frame"
          title={title}
          srcDoc={html}
          data-testid="ts-smgs-frame"
          sandbox="allow-modals allow-same-origin"
        />
      </div>
    </div>
  );
}
