// Register one enterprise (customs, admin): the credit code is checked as it is typed (the same rule as
// the server's), and every refusal of the server is shown at its field.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { Refusal } from '../../shared/call';
import { enterprisesApi, ZONES } from './api';
import { checkCreditCode, parseYuan } from './credit-code';

export function RegisterForm({
  onClose,
  onCreated,
}: {
  readonly onClose: () => void;
  readonly onCreated: (id: string) => void;
}) {
  const { t, locale } = useI18n();
  const [f, setF] = useState({
    creditCode: '',
    nameZh: '',
    nameEn: '',
    zone: 'bonded-zone',
    sector: '',
    investment: '',
  });
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const set = (patch: Partial<typeof f>) => setF((x) => ({ ...x, ...patch }));
  const code = f.creditCode.trim() ? checkCreditCode(f.creditCode) : null;
  const codeHint =
    code === null
      ? null
      : code.ok
        ? t('enterprises.code.ok')
        : t(`enterprises.code.${code.reason}`, {
            position: code.position ?? '',
            expected: code.expected ?? '',
          });
  const minor = parseYuan(f.investment);

  const save = async () => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      const e = await enterprisesApi.create(
        {
          creditCode: f.creditCode,
          nameZh: f.nameZh,
          nameEn: f.nameEn,
          zone: f.zone,
          sector: f.sector,
          investmentMinor: minor ?? -1,
        },
        locale,
      );
      onCreated(e.id);
      onClose();
    } catch (e) {
      setRefusal(e instanceof Refusal ? e : new Refusal(0, e instanceof Error ? e.message : String(e), []));
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) => {
    const m = refusal?.at(field);
    return m ? (
      <span className="bz-field-error" role="alert" data-testid={`ent-error-${field}`}>
        {m}
      </span>
    ) : null;
  };

  return (
    <div className="ent-modal" role="dialog" aria-modal="true" aria-labelledby="ent-register-title">
      <form
        className="bz-panel ent-dialog"
        data-testid="ent-register"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="ent-register-title">{t('enterprises.registerTitle')}</h2>
        <label className="bz-field">
          {t('enterprises.col.code')}
          <input
            data-testid="ent-register-code"
            className="mono"
            value={f.creditCode}
            maxLength={18}
            onChange={(e) => set({ creditCode: e.target.value })}
            aria-invalid={code !== null && !code.ok}
          />
          {codeHint && (
            <span
              className={code?.ok ? 'bz-ok ent-hint' : 'bz-field-error'}
              data-testid="ent-register-code-check"
              data-valid={String(code?.ok ?? false)}
            >
              {codeHint}
            </span>
          )}
          {err('creditCode')}
        </label>
        <label className="bz-field">
          {t('enterprises.nameZh')}
          <input
            data-testid="ent-register-namezh"
            value={f.nameZh}
            onChange={(e) => set({ nameZh: e.target.value })}
          />
          {err('nameZh')}
        </label>
        <label className="bz-field">
          {t('enterprises.nameEn')}
          <input
            data-testid="ent-register-nameen"
            value={f.nameEn}
            onChange={(e) => set({ nameEn: e.target.value })}
          />
          {err('nameEn')}
        </label>
        <label className="bz-field">
          {t('enterprises.zone')}
          <select
            data-testid="ent-register-zone"
            value={f.zone}
            onChange={(e) => set({ zone: e.target.value })}
          >
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {t(`enterprises.zone.${z}`)}
              </option>
            ))}
          </select>
          {err('zone')}
        </label>
        <label className="bz-field">
          {t('enterprises.sector')}
          <input
            data-testid="ent-register-sector"
            value={f.sector}
            onChange={(e) => set({ sector: e.target.value })}
          />
          {err('sector')}
        </label>
        <label className="bz-field">
          {t('enterprises.investment')}
          <input
            data-testid="ent-register-investment"
            inputMode="decimal"
            value={f.investment}
            onChange={(e) => set({ investment: e.target.value })}
          />
          {f.investment.trim() !== '' && minor === undefined && (
            <span className="bz-field-error">{t('enterprises.amount')}</span>
          )}
          {err('investmentMinor')}
        </label>
        {refusal && refusal.fields.length === 0 && (
          <p className="bz-error" role="alert" data-testid="ent-error-form">
            {refusal.detail}
          </p>
        )}
        <div className="ent-filters">
          <button type="submit" className="button" data-testid="ent-register-save" disabled={busy}>
            {busy ? t('enterprises.saving') : t('enterprises.save')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('enterprises.close')}
          </button>
        </div>
      </form>
    </div>
  );
}
