// The cargo profiles: everyone reads them (band, tolerance, hysteresis, source); planners edit a row
// in place or add one. Refusals show at their field, in the page's language.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { coldchainApi, type Profile, Refusal } from './api';
import { draftOf, inputOf, type ProfileDraft } from './model';

const FIELDS = [
  ['nameZh', 'coldchain.nameZh', 'text'],
  ['nameEn', 'coldchain.nameEn', 'text'],
  ['minC', 'coldchain.minC', 'number'],
  ['maxC', 'coldchain.maxC', 'number'],
  ['toleranceMinutes', 'coldchain.tolerance', 'number'],
  ['hysteresisC', 'coldchain.hysteresis', 'number'],
  ['clearMinutes', 'coldchain.clearMinutes', 'number'],
  ['silentMinutes', 'coldchain.silentMinutes', 'number'],
  ['source', 'coldchain.source', 'text'],
] as const;

export function ProfileEditor({
  profiles,
  editable,
  onSaved,
}: {
  readonly profiles: readonly Profile[];
  readonly editable: boolean;
  readonly onSaved: () => void;
}) {
  const { t, locale, name } = useI18n();
  const [editing, setEditing] = useState<{ draft: ProfileDraft; isNew: boolean; estimate: boolean } | null>(
    null,
  );
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = (p: Profile | null) => {
    setEditing({ draft: draftOf(p), isNew: p === null, estimate: p?.estimate ?? true });
    setRefusal(null);
    setSaved(null);
  };
  const set = (key: keyof ProfileDraft, value: string) =>
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, [key]: value } } : e));

  const save = async () => {
    if (!editing) return;
    setBusy(true);
    setRefusal(null);
    try {
      const p = await coldchainApi.saveProfile(
        locale,
        editing.draft.id.trim(),
        inputOf(editing.draft, editing.estimate),
        editing.isNew,
      );
      setEditing(null);
      setSaved(name({ zh: p.nameZh, en: p.nameEn }));
      onSaved();
    } catch (e) {
      setRefusal(e instanceof Refusal ? e : new Refusal(0, String(e), []));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="cc-panel" data-testid="coldchain-profiles">
      <div className="cc-panel-head">
        <h2>{t('coldchain.profiles')}</h2>
        {editable ? (
          <button
            type="button"
            className="button"
            data-testid="coldchain-profile-new"
            onClick={() => open(null)}
          >
            {t('coldchain.newProfile')}
          </button>
        ) : (
          <span className="cc-note">{t('coldchain.readOnly')}</span>
        )}
      </div>
      {saved && (
        <p className="cc-ok" role="status" data-testid="coldchain-profile-saved">
          {t('coldchain.saved', { name: saved })}
        </p>
      )}
      {editing && (
        <form
          className="cc-form"
          data-testid="coldchain-profile-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {editing.isNew && (
            <label className="cc-field">
              {t('coldchain.id')}
              <input
                value={editing.draft.id}
                data-testid="coldchain-profile-id"
                onChange={(e) => set('id', e.target.value)}
                placeholder="korla-pear"
              />
              {refusal?.at('id') && <span className="cc-field-error">{refusal.at('id')}</span>}
            </label>
          )}
          {FIELDS.map(([key, label, type]) => (
            <label key={key} className={`cc-field ${key === 'source' ? 'cc-field--wide' : ''}`}>
              {t(label)}
              <input
                type={type === 'number' ? 'text' : 'text'}
                inputMode={type === 'number' ? 'decimal' : undefined}
                value={editing.draft[key]}
                data-testid={`coldchain-profile-${key}`}
                onChange={(e) => set(key, e.target.value)}
              />
              {refusal?.at(key) && (
                <span className="cc-field-error" data-testid={`coldchain-profile-error-${key}`}>
                  {refusal.at(key)}
                </span>
              )}
            </label>
          ))}
          <label className="cc-check">
            <input
              type="checkbox"
              checked={editing.estimate}
              onChange={(e) => setEditing((x) => (x ? { ...x, estimate: e.target.checked } : x))}
            />
            {t('coldchain.estimate')}
          </label>
          <div className="cc-form-actions">
            <button type="submit" className="button" disabled={busy} data-testid="coldchain-profile-save">
              {t('coldchain.save')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setEditing(null)}>
              {t('coldchain.cancel')}
            </button>
          </div>
          {refusal && refusal.fields.length === 0 && (
            <p className="cc-error" role="alert">
              {refusal.detail}
            </p>
          )}
        </form>
      )}
      <table className="cc-table">
        <thead>
          <tr>
            <th>{t('coldchain.name')}</th>
            <th>{t('coldchain.minC')}</th>
            <th>{t('coldchain.maxC')}</th>
            <th>{t('coldchain.tolerance')}</th>
            <th>{t('coldchain.hysteresis')}</th>
            <th>{t('coldchain.clearMinutes')}</th>
            <th>{t('coldchain.silentMinutes')}</th>
            <th>{t('coldchain.source')}</th>
            {editable && <th />}
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id} data-testid="coldchain-profile-row" data-profile={p.id}>
              <td>
                <strong>{name({ zh: p.nameZh, en: p.nameEn })}</strong>
                <div className="cc-sub">
                  {p.id} · {t('coldchain.version', { n: p.version })}
                  {p.builtin && ` · ${t('coldchain.builtin')}`}
                  {p.estimate && ` · ${t('coldchain.estimate')}`}
                </div>
              </td>
              <td className="cc-num">{p.minC}</td>
              <td className="cc-num">{p.maxC}</td>
              <td className="cc-num">{p.toleranceMinutes}</td>
              <td className="cc-num">{p.hysteresisC}</td>
              <td className="cc-num">{p.clearMinutes}</td>
              <td className="cc-num" data-testid="coldchain-profile-silent">
                {p.silentMinutes ?? t('coldchain.silentDefault')}
              </td>
              <td>
                <div className="cc-source" title={p.source}>
                  {p.source}
                </div>
              </td>
              {editable && (
                <td>
                  <button
                    type="button"
                    className="button button--ghost"
                    data-testid="coldchain-profile-edit"
                    onClick={() => open(p)}
                  >
                    {t('coldchain.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
