// The consolidation plan: generate departures and run the plan for a date window; departures with TEU
// and weight fill bars (minimum fill marked, running or not); unassigned bookings with their reasons.

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { api, type ConsolidationPlan } from '../../shared/api';
import { FillBar } from './FillBar';
import { solveStatus } from './labels';
import { departureFill, visibleDepartures } from './model';

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

export function PlanPanel({
  canRun,
  onPlanned,
  onOpen,
}: {
  readonly canRun: boolean;
  readonly onPlanned: () => void;
  readonly onOpen: (departureId: string) => void;
}) {
  const { t, fmt, locale } = useI18n();
  const [from, setFrom] = useState(tomorrow);
  const [days, setDays] = useState(14);
  const [plan, setPlan] = useState<ConsolidationPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [all, setAll] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    api
      .latestPlan(ac.signal)
      .then((p) => {
        setPlan(p);
        if (p) {
          setFrom(p.from);
          setDays(p.days);
        }
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ac.abort();
  }, []);

  // unassigned bookings are named by their reference (the first 500 bookings; else by id)
  const [refs, setRefs] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!plan || (plan.solution.unassigned?.length ?? 0) === 0) return;
    const ac = new AbortController();
    api
      .bookings({ limit: 500 }, ac.signal)
      .then((p) => setRefs(new Map(p.items.map((b) => [b.id, b.reference]))))
      .catch(() => undefined);
    return () => ac.abort();
  }, [plan]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.generateTimetable(from, days);
      setPlan(await api.runConsolidation(from, days));
      onPlanned();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const deps = plan ? visibleDepartures(plan.departures, all) : [];
  const unassigned = plan?.solution.unassigned ?? [];
  const running = plan?.departures.filter((d) => d.running).length ?? 0;
  return (
    <section
      className="asm-panel asm-plan"
      data-testid="asm-plan"
      data-plan={plan?.id ?? ''}
      data-running={running}
    >
      <div className="asm-panel-head">
        <h2>{t('asm.plan')}</h2>
      </div>
      {canRun && (
        <div className="asm-filters asm-plan-form">
          <label>
            {t('asm.planFrom')}
            <input
              type="date"
              data-testid="asm-plan-from"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label>
            {t('asm.planDays')}
            <input
              type="number"
              min={1}
              max={60}
              data-testid="asm-plan-days"
              value={days}
              onChange={(e) => setDays(Math.max(1, Math.min(60, Number(e.target.value) || 1)))}
            />
          </label>
          <button
            type="button"
            className="button"
            data-testid="asm-plan-run"
            disabled={busy || !from}
            onClick={() => void run()}
          >
            {busy ? t('asm.running') : t('asm.run')}
          </button>
        </div>
      )}
      {error && (
        <p className="asm-error" role="alert">
          {t('asm.error', { detail: error })}
        </p>
      )}
      {plan === null ? (
        <p className="asm-note">{t('asm.noPlan')}</p>
      ) : (
        <>
          <p className="asm-note">
            {t('asm.planInfo', {
              id: plan.id,
              from: plan.from,
              days: plan.days,
              status: solveStatus(t, plan.status),
              running,
            })}
          </p>
          <label className="asm-check">
            <input type="checkbox" checked={!all} onChange={(e) => setAll(!e.target.checked)} />
            {t('asm.onlyWithCargo')}
          </label>
          <div className="asm-scroll asm-plan-scroll">
            <ul className="asm-deps" data-testid="asm-departures">
              {deps.map((d) => {
                const f = departureFill(d);
                return (
                  <li
                    key={d.id}
                    className={d.running ? 'asm-dep asm-dep--running' : 'asm-dep'}
                    data-departure={d.id}
                    data-running={d.running}
                    data-teu={d.teu}
                  >
                    <div className="asm-dep-id">
                      <span className="mono">{d.id}</span>
                      <span className={d.running ? 'asm-pill asm-pill--on' : 'asm-pill'}>
                        {d.running ? t('asm.dep.running') : t('asm.dep.idle')}
                      </span>
                      <span className="muted">{t('asm.dep.bookings', { n: d.bookings })}</span>
                    </div>
                    <FillBar
                      kind="teu"
                      fraction={f.teu}
                      min={f.min}
                      label={t('asm.dep.teu', { teu: d.teu, cap: d.capacityTeu, min: d.minTeu })}
                    />
                    <FillBar
                      kind="kg"
                      fraction={f.kg}
                      label={t('asm.dep.kg', {
                        kg: fmt.decimal(d.grossKg / 1000),
                        cap: fmt.integer(d.capacityKg / 1000),
                      })}
                    />
                    <button
                      type="button"
                      className="button button--ghost asm-open"
                      data-testid={`asm-open-${d.id}`}
                      onClick={() => onOpen(d.id)}
                    >
                      {t('asm.open')}
                    </button>
                  </li>
                );
              })}
            </ul>
            <h3>{t('asm.unassigned', { n: unassigned.length })}</h3>
            {unassigned.length === 0 ? (
              <p className="asm-note">{t('asm.noneUnassigned')}</p>
            ) : (
              <ul className="asm-unassigned" data-testid="asm-unassigned">
                {unassigned.map((u) => (
                  <li key={u.booking} data-booking={u.booking} data-code={u.code}>
                    <span className="mono">{refs.get(u.booking) ?? u.booking}</span>{' '}
                    {locale === 'zh' ? (u.reasonZh ?? u.reason) : u.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}
