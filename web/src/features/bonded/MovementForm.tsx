// The form that posts one movement of any kind. It holds one client movement id until the movement is
// posted (a second click, or a retry after a lost answer, posts nothing new: the server answers
// "replayed"); each refusal from the server is shown at the field it names.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { type Book, bondedApi, MOVEMENT_TYPES, type MovementType, newMovementId, Refusal } from './api';
import { emptyLine, itemsFor, type LineForm, type MovementForm, requestOf } from './model';

const fresh = (type: MovementType): MovementForm => ({
  id: newMovementId(),
  type,
  lines: [emptyLine()],
  toBookId: '',
  reverses: '',
  supervisionMode: '',
  transportMode: '',
  port: '',
  note: '',
});

function FieldError({ refusal, field }: { readonly refusal: Refusal | null; readonly field: string }) {
  const message = refusal?.at(field);
  if (!message) return null;
  return (
    <span className="bz-field-error" role="alert" data-testid={`bonded-error-${field}`}>
      {message}
    </span>
  );
}

export function MovementFormPanel({
  book,
  onPosted,
}: {
  readonly book: Book;
  readonly onPosted: () => void;
}) {
  const { t, locale, name } = useI18n();
  const [form, setForm] = useState<MovementForm>(() => fresh('entry'));
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [done, setDone] = useState<{ listNo: string; replayed: boolean } | null>(null);
  const items = itemsFor(form.type, book.items);

  const set = (patch: Partial<MovementForm>) => setForm((f) => ({ ...f, ...patch }));
  const setLine = (i: number, patch: Partial<LineForm>) =>
    setForm((f) => ({ ...f, lines: f.lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));

  const post = async () => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    setDone(null);
    try {
      const r = await bondedApi.post(book.id, locale, requestOf(form));
      setDone({ listNo: r.movement[0]?.listNo ?? '', replayed: r.replayed });
      setForm((f) => ({
        ...fresh(f.type),
        supervisionMode: f.supervisionMode,
        transportMode: f.transportMode,
        port: f.port,
      }));
      onPosted();
    } catch (e) {
      setRefusal(e instanceof Refusal ? e : new Refusal(0, e instanceof Error ? e.message : String(e), []));
    } finally {
      setBusy(false);
    }
  };

  // the refusal's own words when it names no field shown here (e.g. stock would go below zero)
  const shownFields = [
    'id',
    'toBookId',
    'reverses',
    'declaration',
    'note',
    ...form.lines.map((_, i) => `lines.${i}`),
  ];
  const general =
    refusal &&
    !refusal.fields.some((f) => shownFields.some((s) => f.field === s || f.field.startsWith(`${s}.`)));

  return (
    <form
      className="bz-panel bz-form"
      data-testid="bonded-form"
      onSubmit={(e) => {
        e.preventDefault();
        void post();
      }}
    >
      <div className="bz-types" role="group" aria-label={t('bonded.col.type')}>
        {MOVEMENT_TYPES.map((type) => (
          <button
            key={type}
            type="button"
            className={`bz-type ${form.type === type ? 'bz-type--on' : ''}`}
            aria-pressed={form.type === type}
            data-testid={`bonded-type-${type}`}
            onClick={() => {
              set({ type, lines: [emptyLine()] });
              setRefusal(null);
              setDone(null);
            }}
          >
            {t(`bonded.type.${type}`)}
          </button>
        ))}
      </div>
      <label className="bz-field bz-id">
        {t('bonded.movementId')}
        <input
          data-testid="bonded-movement-id"
          value={form.id}
          onChange={(e) => set({ id: e.target.value })}
        />
        <FieldError refusal={refusal} field="id" />
      </label>
      {form.type === 'reversal' ? (
        <label className="bz-field">
          {t('bonded.reverses')}
          <input
            data-testid="bonded-reverses"
            value={form.reverses}
            onChange={(e) => set({ reverses: e.target.value })}
          />
          <FieldError refusal={refusal} field="reverses" />
        </label>
      ) : (
        <>
          {form.type === 'transfer' && (
            <label className="bz-field">
              {t('bonded.toBook')}
              <input
                data-testid="bonded-tobook"
                value={form.toBookId}
                onChange={(e) => set({ toBookId: e.target.value })}
              />
              <FieldError refusal={refusal} field="toBookId" />
            </label>
          )}
          {form.lines.map((l, i) => (
            <fieldset className="bz-line" key={l.key} data-testid={`bonded-line-${i}`}>
              <legend>{t('bonded.line', { n: i + 1 })}</legend>
              <label className="bz-field">
                {t('bonded.seqNo')}
                <select
                  data-testid={`bonded-line-${i}-seq`}
                  value={l.seqNo}
                  onChange={(e) => setLine(i, { seqNo: e.target.value })}
                >
                  <option value="">—</option>
                  {items.map((it) => (
                    <option key={it.seqNo} value={String(it.seqNo)}>
                      {it.seqNo} · {name(it.names)} ({it.unit})
                    </option>
                  ))}
                </select>
                <FieldError refusal={refusal} field={`lines.${i}.seqNo`} />
              </label>
              <label className="bz-field">
                {form.type === 'adjustment' ? t('bonded.quantitySigned') : t('bonded.quantity')}
                <input
                  data-testid={`bonded-line-${i}-qty`}
                  inputMode="numeric"
                  value={l.quantity}
                  onChange={(e) => setLine(i, { quantity: e.target.value })}
                />
                <FieldError refusal={refusal} field={`lines.${i}.quantity`} />
              </label>
              {form.type === 'transfer' && (
                <label className="bz-field">
                  {t('bonded.toSeqNo')}
                  <input
                    data-testid={`bonded-line-${i}-toseq`}
                    inputMode="numeric"
                    value={l.toSeqNo}
                    placeholder={l.seqNo}
                    onChange={(e) => setLine(i, { toSeqNo: e.target.value })}
                  />
                  <FieldError refusal={refusal} field={`lines.${i}.toSeqNo`} />
                </label>
              )}
              {form.lines.length > 1 && (
                <button
                  type="button"
                  className="bz-link"
                  onClick={() => set({ lines: form.lines.filter((_, j) => j !== i) })}
                >
                  {t('bonded.removeLine')}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className="bz-link"
            data-testid="bonded-add-line"
            onClick={() => set({ lines: [...form.lines, emptyLine()] })}
          >
            + {t('bonded.addLine')}
          </button>
        </>
      )}
      <div className="bz-decl">
        <label className="bz-field">
          {t('bonded.supervisionMode')}
          <input
            data-testid="bonded-decl-mode"
            value={form.supervisionMode}
            onChange={(e) => set({ supervisionMode: e.target.value })}
          />
          <FieldError refusal={refusal} field="declaration.supervisionMode" />
        </label>
        <label className="bz-field">
          {t('bonded.transportMode')}
          <input
            data-testid="bonded-decl-transport"
            value={form.transportMode}
            onChange={(e) => set({ transportMode: e.target.value })}
          />
          <FieldError refusal={refusal} field="declaration.transportMode" />
        </label>
        <label className="bz-field">
          {t('bonded.port')}
          <input
            data-testid="bonded-decl-port"
            value={form.port}
            onChange={(e) => set({ port: e.target.value })}
          />
          <FieldError refusal={refusal} field="declaration.port" />
        </label>
      </div>
      <label className="bz-field">
        {t('bonded.note')}
        <input data-testid="bonded-note" value={form.note} onChange={(e) => set({ note: e.target.value })} />
      </label>
      <div className="bz-form-foot">
        <button type="submit" className="button" data-testid="bonded-post" disabled={busy}>
          {busy ? t('bonded.posting') : `${t('bonded.post')} · ${t(`bonded.type.${form.type}`)}`}
        </button>
        {done && (
          <span
            className="bz-ok"
            role="status"
            data-testid="bonded-post-result"
            data-list-no={done.listNo}
            data-replayed={String(done.replayed)}
          >
            {done.replayed
              ? t('bonded.replayed', { listNo: done.listNo })
              : t('bonded.posted', { listNo: done.listNo })}
          </span>
        )}
        {general && (
          <span className="bz-field-error" role="alert" data-testid="bonded-error-form">
            {refusal.detail}
          </span>
        )}
      </div>
    </form>
  );
}
