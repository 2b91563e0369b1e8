// Closures and capacity drops committed to a gateway's calendar by a signed-in border officer,
// dispatcher or planner (POST/DELETE /api/v1/gateways/{id}/closures); the page reloads its calendars
// and the coming days' schedule after each change. Hypothetical changes belong to the what-if panel.

import { useState } from 'react';
import { useI18n } from '../../../i18n/locale';
import { ApiError, type GatewayModelView } from '../../../shared/api';
import { addClosure, type ClosureBody, withdrawClosure } from './api';

const detailOf = (e: unknown) =>
  e instanceof ApiError ? e.detail : e instanceof Error ? e.message : String(e);

export function ClosureForm({
  model,
  onChanged,
}: {
  readonly model: GatewayModelView;
  readonly onChanged: () => void;
}) {
  const { t, name } = useI18n();
  const first = model.calendar[0]?.date ?? new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(first);
  const [to, setTo] = useState(first);
  const [direction, setDirection] = useState<ClosureBody['direction']>('both');
  const [trains, setTrains] = useState(0);
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const commit = async () => {
    if (zh.trim() === '' && en.trim() === '') {
      setError(t('transshipment.err.reason'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await addClosure(model.id, {
        from,
        to,
        direction,
        trainsPerDay: trains,
        reason: { ...(zh.trim() ? { zh: zh.trim() } : {}), ...(en.trim() ? { en: en.trim() } : {}) },
      });
      setZh('');
      setEn('');
      onChanged();
    } catch (e) {
      setError(detailOf(e));
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      await withdrawClosure(model.id, id);
      onChanged();
    } catch (e) {
      setError(detailOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ts-closures" data-testid={`ts-closures-${model.id}`}>
      <h3 className="ports-h3">{t('transshipment.closures')}</h3>
      <p className="ports-note">{t('transshipment.closureHint')}</p>
      <div className="ts-row">
        <label className="ports-field">
          {t('ports.from')}
          <input
            type="date"
            value={from}
            data-testid="ts-closure-from"
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="ports-field">
          {t('ports.to')}
          <input type="date" value={to} data-testid="ts-closure-to" onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <div className="ts-row">
        <label className="ports-field">
          {t('transshipment.direction')}
          <select
            value={direction}
            data-testid="ts-closure-direction"
            onChange={(e) => setDirection(e.target.value as ClosureBody['direction'])}
          >
            {(['both', 'outbound', 'inbound'] as const).map((d) => (
              <option key={d} value={d}>
                {t(`transshipment.dir.${d}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="ports-field">
          {t('transshipment.trainsDay')}
          <input
            type="number"
            min={0}
            max={1000}
            value={trains}
            data-testid="ts-closure-trains"
            onChange={(e) => setTrains(Math.max(0, Math.trunc(Number(e.target.value) || 0)))}
          />
        </label>
      </div>
      <label className="ports-field">
        {t('transshipment.reasonZh')}
        <input
          value={zh}
          data-testid="ts-closure-zh"
          onChange={(e) => setZh(e.target.value)}
          maxLength={500}
        />
      </label>
      <label className="ports-field">
        {t('transshipment.reasonEn')}
        <input
          value={en}
          data-testid="ts-closure-en"
          onChange={(e) => setEn(e.target.value)}
          maxLength={500}
        />
      </label>
      <button
        type="button"
        className="button"
        data-testid="ts-closure-commit"
        disabled={busy}
        onClick={() => void commit()}
      >
        {busy ? t('transshipment.committing') : t('transshipment.commit')}
      </button>
      {error !== null && (
        <p className="ports-error" role="alert" data-testid="ts-closure-error">
          {error}
        </p>
      )}
      <h4 className="ts-h4">{t('transshipment.inForce')}</h4>
      {model.closures.length === 0 ? (
        <p className="ports-note">{t('transshipment.noneInForce')}</p>
      ) : (
        <ul className="ts-closure-list" data-testid="ts-closure-list">
          {model.closures.map((c) => (
            <li key={c.id}>
              <span>
                {t('transshipment.closureLine', {
                  from: c.from,
                  to: c.to,
                  dir: t(`transshipment.dir.${c.direction}`),
                  n: c.trainsPerDay,
                  reason: name(c.reason),
                })}
              </span>
              <button
                type="button"
                className="ports-x"
                disabled={busy}
                data-testid={`ts-closure-withdraw-${c.id}`}
                onClick={() => void withdraw(c.id)}
              >
                {t('transshipment.withdraw')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
