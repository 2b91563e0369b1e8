// A departure's train load plan as a wagon diagram: wagons in train order with their slots (F, or A/B),
// box ids, weights, DG and reefer marks, fill per wagon and the train totals. Printable (assembly.css).

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { api, type LoadPlanDoc } from '../../shared/api';
import { FillBar } from './FillBar';
import { solveStatus } from './labels';
import { trainDiagram } from './model';

export function LoadPlanView({
  departureId,
  canRun,
  onClose,
}: {
  readonly departureId: string;
  readonly canRun: boolean;
  readonly onClose: () => void;
}) {
  const { t, fmt, locale } = useI18n();
  const [doc, setDoc] = useState<LoadPlanDoc | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    api
      .loadPlan(departureId, ac.signal)
      .then(setDoc)
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ac.abort();
  }, [departureId]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setDoc(await api.runLoadPlan(departureId));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const d = doc ? trainDiagram(doc) : null;
  const tonnes = (kg: number) => fmt.decimal(kg / 1000);
  return (
    <section className="asm-panel asm-load" data-testid="asm-load" data-departure={departureId}>
      <div className="asm-panel-head">
        <h2>{t('asm.load', { id: departureId })}</h2>
        <div className="asm-actions asm-noprint">
          {canRun && (
            <button
              type="button"
              className="button"
              data-testid="asm-load-run"
              disabled={busy}
              onClick={() => void run()}
            >
              {busy ? t('asm.running') : doc ? t('asm.loadRerun') : t('asm.loadRun')}
            </button>
          )}
          {d && (
            <button
              type="button"
              className="button button--ghost"
              data-testid="asm-print"
              onClick={() => window.print()}
            >
              {t('asm.print')}
            </button>
          )}
          <button
            type="button"
            className="button button--ghost"
            data-testid="asm-load-close"
            onClick={onClose}
          >
            {t('asm.closeLoad')}
          </button>
        </div>
      </div>
      {error && (
        <p className="asm-error" role="alert">
          {t('asm.error', { detail: error })}
        </p>
      )}
      {doc === null && <p className="asm-note">{t('asm.loadNone')}</p>}
      {doc && d && (
        <>
          <p
            className="asm-totals"
            data-testid="asm-load-totals"
            data-boxes={d.totals.boxes}
            data-teu={d.totals.teu}
          >
            {t('asm.loadStatus', {
              status: solveStatus(t, doc.solution.status),
              wagons: d.totals.wagons,
              boxes: d.totals.boxes,
              teu: d.totals.teu,
              kg: tonnes(d.totals.cargoKg),
              gross: tonnes(d.totals.grossKg),
            })}
          </p>
          <FillBar
            kind="kg"
            fraction={d.totals.maxCargoKg > 0 ? d.totals.cargoKg / d.totals.maxCargoKg : 0}
            label={t('asm.wagonFill', { kg: tonnes(d.totals.cargoKg), max: tonnes(d.totals.maxCargoKg) })}
          />
          <p className="asm-note">{t('asm.legend')}</p>
          <ol className="asm-train" data-testid="asm-wagons" data-wagons={d.wagons.length}>
            {d.wagons.map((w) => (
              <li
                key={w.id}
                className={w.cargoKg > 0 ? 'asm-wagon' : 'asm-wagon asm-wagon--empty'}
                data-wagon={w.id}
                data-position={w.position}
                data-dg={w.dg}
                data-reefer={w.reefer}
              >
                <div className="asm-wagon-head">
                  <b>{w.id}</b>
                  <span className="muted">{w.type}</span>
                  {w.dg && <span className="asm-mark asm-mark--dg">DG</span>}
                  {w.reefer && <span className="asm-mark asm-mark--reefer">❄</span>}
                </div>
                <div className="asm-slots">
                  {w.slots.map((s) => (
                    <div
                      key={`${s.platform}-${s.slot}`}
                      className={`asm-slot asm-slot--${s.slot || 'none'}${s.box ? '' : ' asm-slot--free'}${
                        s.box?.dg ? ' asm-slot--dg' : ''
                      }${s.box?.reefer ? ' asm-slot--reefer' : ''}`}
                      data-slot={s.slot}
                      data-box={s.box?.id ?? ''}
                    >
                      {s.slot && <span className="asm-slot-name">{s.slot}</span>}
                      {s.box ? (
                        <>
                          <span className="asm-box mono">{s.box.id}</span>
                          <span className="asm-box-kg">
                            {s.box.lengthFt}′ · {tonnes(s.box.grossKg)} t{s.box.reefer && ' · ❄'}
                          </span>
                          {s.box.dg && (
                            <span className="asm-box-kg">
                              DG {s.box.dg.class} · UN{s.box.dg.un}
                            </span>
                          )}
                        </>
                      ) : (
                        <span className="muted">{t('asm.empty')}</span>
                      )}
                    </div>
                  ))}
                </div>
                <FillBar
                  kind="wagon"
                  fraction={w.fill}
                  label={t('asm.wagonFill', { kg: tonnes(w.cargoKg), max: tonnes(w.maxKg) })}
                />
              </li>
            ))}
          </ol>
          {d.unloaded.length > 0 && (
            <div className="asm-unloaded" data-testid="asm-unloaded">
              <h3>{t('asm.unloaded', { n: d.unloaded.length })}</h3>
              <ul>
                {d.unloaded.map((u) => (
                  <li key={u.id}>
                    <span className="mono">{u.id}</span> {locale === 'zh' ? u.reasonZh : u.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
