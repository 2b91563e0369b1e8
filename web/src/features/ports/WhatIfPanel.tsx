// The what-if controls: pick a shipped scenario, add closures or capacity changes for dates (not
// stored: they only enter this run), run it; then the comparison — peak queue before, held and
// re-planned, trains that switch gateway, late and unscheduled trains.

import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import type { CapacityChange, GatewayScenario, GatewayWhatIf } from '../../shared/api';
import { type ChangeDraft, checkDraft, type DateRange, type DraftProblem, lastDate } from './model';

interface Props {
  readonly scenarios: readonly GatewayScenario[];
  readonly scenarioId: string;
  readonly onScenario: (id: string) => void;
  /** True: the scenario's trains over the coming days, against the gateway calendars. */
  readonly onCalendar: boolean;
  readonly onMode: (onCalendar: boolean) => void;
  /** The days the run covers (the scenario's, or the calendar's from today). */
  readonly range: DateRange | null;
  readonly changes: readonly CapacityChange[];
  readonly onChanges: (c: readonly CapacityChange[]) => void;
  readonly onRun: () => void;
  readonly running: boolean;
  readonly whatIf: GatewayWhatIf | null;
  readonly error: string | null;
}

// React keys for the changes in the list (the same change may be added twice).
const keys = new WeakMap<CapacityChange, number>();
let nextKey = 0;
function keyOf(c: CapacityChange): number {
  let k = keys.get(c);
  if (k === undefined) {
    k = nextKey++;
    keys.set(c, k);
  }
  return k;
}

export function WhatIfPanel(p: Props) {
  const { t, fmt, name } = useI18n();
  const s = p.scenarios.find((x) => x.id === p.scenarioId);
  const [draft, setDraft] = useState<ChangeDraft>({ gateway: 'HRS', from: '', to: '', trainsPerDay: '0' });
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (p.range === null) return;
    const r = checkDraft(draft, p.range);
    if (!r.ok) return setProblem(r.problem);
    setProblem(null);
    p.onChanges([...p.changes, r.change]);
  };
  const w = p.whatIf;
  return (
    <section className="ports-panel ports-whatif" data-testid="ports-whatif">
      <h2 className="ports-h2">{t('ports.whatif')}</h2>
      <label className="ports-field">
        <span>{t('ports.scenario')}</span>
        <select
          data-testid="ports-scenario"
          value={p.scenarioId}
          onChange={(e) => p.onScenario(e.target.value)}
        >
          {p.scenarios.map((x) => (
            <option key={x.id} value={x.id}>
              {name(x.title)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="ports-mode">
        <label>
          <input
            type="radio"
            name="ports-mode"
            data-testid="ports-mode-calendar"
            checked={p.onCalendar}
            onChange={() => p.onMode(true)}
          />
          {t('ports.mode.calendar')}
        </label>
        <label>
          <input
            type="radio"
            name="ports-mode"
            data-testid="ports-mode-scenario"
            checked={!p.onCalendar}
            onChange={() => p.onMode(false)}
          />
          {t('ports.mode.scenario')}
        </label>
      </fieldset>
      {s !== undefined && p.range !== null && (
        <p className="ports-note">
          {p.onCalendar
            ? t('ports.datesCalendar', {
                from: p.range.startDate,
                to: lastDate(p.range),
                trains: fmt.integer(s.trains),
              })
            : t('ports.dates', {
                from: s.startDate,
                to: lastDate(s),
                n: s.changes.length,
                trains: fmt.integer(s.trains),
              })}
        </p>
      )}
      <form className="ports-change" onSubmit={add} data-testid="ports-change-form">
        <select
          aria-label={t('ports.gateway')}
          data-testid="ports-change-gateway"
          value={draft.gateway}
          onChange={(e) => setDraft({ ...draft, gateway: e.target.value })}
        >
          {(s?.gateways ?? []).map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <input
          type="date"
          aria-label={t('ports.from')}
          data-testid="ports-change-from"
          min={p.range?.startDate}
          max={p.range ? lastDate(p.range) : undefined}
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
        <input
          type="date"
          aria-label={t('ports.to')}
          data-testid="ports-change-to"
          min={p.range?.startDate}
          max={p.range ? lastDate(p.range) : undefined}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
        <input
          type="number"
          min={0}
          max={1000}
          aria-label={t('ports.trains')}
          title={t('ports.trains')}
          data-testid="ports-change-trains"
          value={draft.trainsPerDay}
          onChange={(e) => setDraft({ ...draft, trainsPerDay: e.target.value })}
        />
        <button type="submit" className="button button--ghost" data-testid="ports-change-add">
          {t('ports.add')}
        </button>
      </form>
      {problem !== null && (
        <p className="ports-error" role="alert">
          {t(problem)}
        </p>
      )}
      <ul className="ports-changes" data-testid="ports-changes">
        {p.changes.length === 0 ? (
          <li className="ports-note">{t('ports.noChanges')}</li>
        ) : (
          p.changes.map((c, k) => (
            <li key={keyOf(c)}>
              {t(c.trainsPerDay === 0 ? 'ports.changeClosed' : 'ports.changeCap', {
                gateway: c.gateway,
                from: c.from,
                to: c.to,
                n: c.trainsPerDay,
              })}
              <button
                type="button"
                className="ports-x"
                aria-label={t('ports.remove')}
                onClick={() => p.onChanges(p.changes.filter((_, i) => i !== k))}
              >
                ×
              </button>
            </li>
          ))
        )}
      </ul>
      <button
        type="button"
        className="button ports-run"
        data-testid="ports-whatif-run"
        disabled={p.running || s === undefined}
        onClick={p.onRun}
      >
        {p.running ? t('ports.running') : t('ports.run')}
      </button>
      {p.error !== null && (
        <p className="ports-error" role="alert" data-testid="ports-whatif-error">
          {p.error}
        </p>
      )}
      {w !== null && (
        <div className="ports-kpis" data-testid="ports-comparison" data-scenario={w.scenario?.id ?? ''}>
          <Kpi
            id="ports-kpi-queue"
            label={t('ports.kpi.maxQueue')}
            held={w.held.maxWaiting}
            replan={w.replan.maxWaiting}
            base={w.baseline.maxWaiting}
          />
          <Kpi
            id="ports-kpi-late"
            label={t('ports.kpi.late')}
            held={w.held.late}
            replan={w.replan.late}
            base={w.baseline.late}
          />
          <Kpi
            id="ports-kpi-unscheduled"
            label={t('ports.kpi.unscheduled')}
            held={w.held.unscheduled}
            replan={w.replan.unscheduled}
            base={w.baseline.unscheduled}
          />
          <div className="ports-kpi" data-testid="ports-kpi-switched" data-value={w.switchedGateway.length}>
            <span className="ports-kpi-label">{t('ports.kpi.switched')}</span>
            <span className="ports-kpi-main">{fmt.integer(w.switchedGateway.length)}</span>
            <span className="ports-kpi-sub">
              {t('ports.kpi.changed', { n: fmt.integer(w.changedTrains) })}
            </span>
          </div>
        </div>
      )}
    </section>
  );
}

function Kpi(p: { id: string; label: string; base: number; held: number; replan: number }) {
  const { t, fmt } = useI18n();
  return (
    <div
      className="ports-kpi"
      data-testid={p.id}
      data-base={p.base}
      data-held={p.held}
      data-replan={p.replan}
    >
      <span className="ports-kpi-label">{p.label}</span>
      <span className="ports-kpi-main">
        <s className="ports-kpi-held">{fmt.integer(p.held)}</s> → {fmt.integer(p.replan)}
      </span>
      <span className="ports-kpi-sub">{t('ports.kpi.before', { n: fmt.integer(p.base) })}</span>
    </div>
  );
}
