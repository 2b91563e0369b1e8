// The Statistics page: the seed's kind of figures — cumulative trains; trains by route, country and
// city; goods by HS chapter, export and import; TEU per month — computed by the server from the
// events (GET /api/v1/ops/statistics), as echarts charts and tables, for a chosen period, with CSV
// and XLSX export. Every table number opens its trace: the trains and DEPA/ARRI events it counts.

import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { RequireRole } from '../auth/SignIn';
import {
  type Dimension,
  opsApi,
  type Period,
  type StatisticsData,
  type StatRow,
  type TraceItem,
} from '../live/api';
import { LIVE_ROLES } from '../live/useLive';
import { Chart } from './Chart';
import { chinaToday, presets } from './period';
import './statistics.css';

export function Statistics() {
  return (
    <RequireRole roles={LIVE_ROLES}>
      <StatisticsPage />
    </RequireRole>
  );
}

type Load =
  | { status: 'loading' }
  | { status: 'error'; detail: string }
  | { status: 'ready'; data: StatisticsData };

function StatisticsPage() {
  const { t, fmt, locale } = useI18n();
  const today = useMemo(() => chinaToday(), []);
  const ranges = useMemo(() => presets(today), [today]);
  const [period, setPeriod] = useState<Period>(ranges.thisYear);
  const [draft, setDraft] = useState<Period>(ranges.thisYear);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [trace, setTrace] = useState<{ dim: Dimension; key: string; title: string } | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoad((l) => (l.status === 'ready' ? l : { status: 'loading' }));
    opsApi.statistics(period, ctrl.signal).then(
      (data) => setLoad({ status: 'ready', data }),
      (e: unknown) => {
        if (!ctrl.signal.aborted)
          setLoad({ status: 'error', detail: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctrl.abort();
  }, [period]);

  const download = async (format: 'csv' | 'xlsx') => {
    const blob = await opsApi.exportFile(period, format, locale === 'zh' ? 'zh' : 'en');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `lugang-statistics-${period.from}-${period.to}.${format}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };

  return (
    <div className="stats" data-testid="statistics">
      <div className="stats-head">
        <div>
          <h1>{t('statistics.title')}</h1>
          <p>{t('statistics.subtitle')}</p>
        </div>
        <form
          className="stats-period"
          data-testid="stats-period"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.from <= draft.to) setPeriod(draft);
          }}
        >
          {(Object.keys(ranges) as Array<keyof typeof ranges>).map((k) => (
            <button
              key={k}
              type="button"
              className={`chip${period.from === ranges[k].from && period.to === ranges[k].to ? ' chip--on' : ''}`}
              data-testid={`stats-preset-${k}`}
              onClick={() => {
                setDraft(ranges[k]);
                setPeriod(ranges[k]);
              }}
            >
              {t(`statistics.${k}`)}
            </button>
          ))}
          <label>
            {t('statistics.from')}
            <input
              type="date"
              value={draft.from}
              data-testid="stats-from"
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label>
            {t('statistics.to')}
            <input
              type="date"
              value={draft.to}
              data-testid="stats-to"
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit" className="button" data-testid="stats-apply">
            {t('statistics.apply')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="stats-csv"
            onClick={() => download('csv')}
          >
            {t('statistics.csv')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="stats-xlsx"
            onClick={() => download('xlsx')}
          >
            {t('statistics.xlsx')}
          </button>
        </form>
      </div>
      {load.status === 'loading' && (
        <div className="state state--loading" role="status">
          <div className="spinner" aria-hidden="true" />
          <p>{t('statistics.loading')}</p>
        </div>
      )}
      {load.status === 'error' && (
        <div className="state state--error" role="alert" data-testid="stats-error">
          <p>{t('statistics.error', { detail: load.detail })}</p>
        </div>
      )}
      {load.status === 'ready' && (
        <StatsBody data={load.data} onTrace={(dim, key, title) => setTrace({ dim, key, title })} fmt={fmt} />
      )}
      {trace && (
        <TraceDialog
          period={period}
          dim={trace.dim}
          keyName={trace.key}
          title={trace.title}
          onClose={() => setTrace(null)}
        />
      )}
    </div>
  );
}

const axis = { axisLabel: { color: '#94a3b8' }, axisLine: { lineStyle: { color: '#334155' } } };

function StatsBody({
  data,
  onTrace,
  fmt,
}: {
  readonly data: StatisticsData;
  readonly onTrace: (dim: Dimension, key: string, title: string) => void;
  readonly fmt: ReturnType<typeof useI18n>['fmt'];
}) {
  const { t, name } = useI18n();
  const tt = data.totals;
  const totals: Array<[string, string, number, Dimension | null]> = [
    ['stats-trains', t('statistics.trains'), tt.trains, 'all'],
    ['stats-cumulative', t('statistics.cumulative'), tt.cumulativeTrains, null],
    ['stats-teu', t('statistics.teu'), tt.teu, 'all'],
    ['stats-routes', t('statistics.routes'), tt.routes, null],
    ['stats-cities', t('statistics.cities'), tt.cities, null],
    ['stats-countries', t('statistics.countries'), tt.countries, null],
    ['stats-goods', t('statistics.goods'), tt.goodsCategories, null],
  ];
  const months = data.byMonth;
  const monthOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { textStyle: { color: '#cbd5e1' }, top: 0 },
      grid: { left: 48, right: 56, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: months.map((m) => m.month), ...axis },
      yAxis: [
        {
          type: 'value',
          name: t('statistics.trains'),
          ...axis,
          splitLine: { lineStyle: { color: '#1e293b' } },
        },
        { type: 'value', name: t('statistics.teu'), ...axis, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('statistics.trains'),
          type: 'bar',
          data: months.map((m) => m.trains),
          itemStyle: { color: '#38bdf8' },
        },
        {
          name: t('statistics.teu'),
          type: 'bar',
          yAxisIndex: 1,
          data: months.map((m) => m.teu),
          itemStyle: { color: '#a78bfa' },
        },
        {
          name: t('statistics.cumulative'),
          type: 'line',
          data: months.map((m) => m.cumulativeTrains),
          itemStyle: { color: '#facc15' },
          smooth: true,
        },
      ],
    }),
    [months, t],
  );
  const bar = (rows: readonly StatRow[], color: string) => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 120, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', ...axis, splitLine: { lineStyle: { color: '#1e293b' } } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => name(r.label)), ...axis },
    series: [{ type: 'bar', data: rows.map((r) => r.trains), itemStyle: { color } }],
  });
  const chapters = [...new Set(data.goods.map((g) => g.chapter))];
  const goodsOption = {
    tooltip: { trigger: 'axis' },
    legend: { textStyle: { color: '#cbd5e1' }, top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: chapters.map((c) => t('statistics.chapter', { n: c })), ...axis },
    yAxis: {
      type: 'value',
      name: t('statistics.teu'),
      ...axis,
      splitLine: { lineStyle: { color: '#1e293b' } },
    },
    series: (['export', 'import', 'transit'] as const).map((d, i) => ({
      name: t(`statistics.${d}`),
      type: 'bar',
      stack: 'goods',
      itemStyle: { color: ['#22c55e', '#f97316', '#64748b'][i] },
      data: chapters.map((c) => data.goods.find((g) => g.chapter === c && g.direction === d)?.teu ?? 0),
    })),
  };
  const table = (id: string, dim: Dimension, rows: readonly StatRow[]) => (
    <table className="stats-table" data-testid={id}>
      <thead>
        <tr>
          <th>{t('statistics.key')}</th>
          <th>{t('statistics.name')}</th>
          <th className="num">{t('statistics.trains')}</th>
          <th className="num">{t('statistics.teu')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <td>{r.key}</td>
            <td>{name(r.label)}</td>
            <td className="num">
              <button
                type="button"
                className="stats-cell"
                data-testid={`${id}-cell`}
                data-value={r.trains}
                onClick={() => onTrace(dim, r.key, name(r.label))}
              >
                {fmt.integer(r.trains)}
              </button>
            </td>
            <td className="num">{fmt.integer(r.teu)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      <section className="stats-totals">
        {totals.map(([id, label, value, dim]) => (
          <div key={id} className="kpi stats-total" data-testid={id}>
            <div className="kpi-label">{label}</div>
            <div className="kpi-value" data-value={value}>
              {dim ? (
                <button type="button" className="stats-cell" onClick={() => onTrace(dim, '', label)}>
                  {fmt.integer(value)}
                </button>
              ) : (
                fmt.integer(value)
              )}
            </div>
          </div>
        ))}
      </section>
      {tt.assumedBoxes > 0 && <p className="stats-note">{t('statistics.assumed', { n: tt.assumedBoxes })}</p>}
      {tt.trains === 0 && (
        <p className="stats-note" data-testid="stats-empty">
          {t('statistics.noData')}
        </p>
      )}
      <section className="stats-panel stats-panel--wide">
        <h2>{t('statistics.byMonth')}</h2>
        <Chart option={monthOption} height={240} testId="stats-chart-month" />
      </section>
      <div className="stats-grid">
        <section className="stats-panel">
          <h2>{t('statistics.byRoute')}</h2>
          <Chart
            option={bar(data.byRoute.slice(0, 21), '#38bdf8')}
            height={Math.max(160, data.byRoute.length * 18 + 40)}
            testId="stats-chart-route"
          />
          {table('stats-route', 'route', data.byRoute)}
        </section>
        <section className="stats-panel">
          <h2>{t('statistics.byCountry')}</h2>
          <Chart
            option={bar(data.byCountry, '#22c55e')}
            height={Math.max(160, data.byCountry.length * 18 + 40)}
            testId="stats-chart-country"
          />
          {table('stats-country', 'country', data.byCountry)}
        </section>
        <section className="stats-panel">
          <h2>{t('statistics.byCity')}</h2>
          {table('stats-city', 'city', data.byCity)}
        </section>
        <section className="stats-panel">
          <h2>{t('statistics.byGoods')}</h2>
          {data.goods.length === 0 ? (
            <p className="stats-note">{t('statistics.noGoods')}</p>
          ) : (
            <Chart
              option={goodsOption}
              height={240}
              testId="stats-chart-goods"
              onClick={(label) => {
                const c = chapters.find((x) => t('statistics.chapter', { n: x }) === label);
                if (c) onTrace('chapter', c, label);
              }}
            />
          )}
        </section>
      </div>
      <p className="stats-note">{t('statistics.traceHint')}</p>
    </>
  );
}

function TraceDialog({
  period,
  dim,
  keyName,
  title,
  onClose,
}: {
  readonly period: Period;
  readonly dim: Dimension;
  readonly keyName: string;
  readonly title: string;
  readonly onClose: () => void;
}) {
  const { t, fmt } = useI18n();
  const [items, setItems] = useState<readonly TraceItem[] | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    opsApi.trace(period, dim, keyName, ctrl.signal).then(
      (r) => setItems(r.items),
      () => setItems([]),
    );
    return () => ctrl.abort();
  }, [period, dim, keyName]);
  return (
    <div
      className="stats-trace"
      role="dialog"
      aria-label={t('statistics.trace', { what: title })}
      data-testid="stats-trace"
    >
      <div className="stats-trace-head">
        <h2>{t('statistics.trace', { what: title })}</h2>
        <button
          type="button"
          className="button button--ghost"
          onClick={onClose}
          data-testid="stats-trace-close"
        >
          {t('statistics.close')}
        </button>
      </div>
      {items === null ? (
        <div className="spinner" aria-hidden="true" />
      ) : (
        <table className="stats-table" data-testid="stats-trace-table" data-count={items.length}>
          <thead>
            <tr>
              <th>{t('statistics.traceTrain')}</th>
              <th>{t('statistics.traceDepa')}</th>
              <th>{t('statistics.traceArri')}</th>
              <th className="num">{t('statistics.traceTeu')}</th>
              <th>{t('statistics.traceBookings')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-train={i.id}>
                <td>{i.id}</td>
                <td title={i.dispatched.deviceId}>
                  {i.dispatched.eventId} · {i.dispatched.eventTime.slice(0, 16).replace('T', ' ')}Z
                </td>
                <td>
                  {i.arrived
                    ? `${i.arrived.eventId} · ${i.arrived.eventTime.slice(0, 16).replace('T', ' ')}Z`
                    : '—'}
                </td>
                <td className="num">{fmt.integer(i.teu)}</td>
                <td>{i.bookings.map((b) => `${b.bookingId} (HS ${b.hsCode})`).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
