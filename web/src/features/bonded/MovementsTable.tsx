// The book's inventory lists (核注清单), newest first a page at a time: list no., movement, item ×
// quantity (material or product), declaration fields, deduction status; customs deduct a pre-deducted
// list and write off a deducted one.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { bondedApi, type DeductionStatus, type Movement, Refusal } from './api';

export function MovementsTable({
  movements,
  hasMore,
  onMore,
  customs,
  onChanged,
  onError,
}: {
  readonly movements: readonly Movement[];
  readonly hasMore: boolean;
  readonly onMore: () => void;
  readonly customs: boolean;
  readonly onChanged: () => void;
  readonly onError: (detail: string) => void;
}) {
  const { t, fmt, locale } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);

  const setStatus = async (m: Movement, status: DeductionStatus) => {
    setBusy(m.id);
    try {
      await bondedApi.setStatus(m.id, status, locale);
      onChanged();
    } catch (e) {
      onError(e instanceof Refusal || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const when = (iso: string) => {
    const d = new Date(iso);
    return `${fmt.clockDate(d, 'Asia/Shanghai')} ${fmt.clock(d, 'Asia/Shanghai')}`;
  };

  return (
    <div className="bz-panel bz-movements" data-testid="bonded-movements">
      <div className="bz-panel-head">
        <h2>{t('bonded.movements')}</h2>
        <small className="bz-muted">{t('bonded.timeZone')}</small>
      </div>
      {movements.length === 0 ? (
        <p className="bz-note">{t('bonded.noMovements')}</p>
      ) : (
        <div className="bz-scroll">
          <table className="bz-table">
            <thead>
              <tr>
                <th className="num">{t('bonded.col.seq')}</th>
                <th>{t('bonded.col.listNo')}</th>
                <th>{t('bonded.col.type')}</th>
                <th>{t('bonded.col.lines')}</th>
                <th>{t('bonded.col.decl')}</th>
                <th>{t('bonded.col.status')}</th>
                <th>{t('bonded.col.recorded')}</th>
                {customs && <th>{t('bonded.col.action')}</th>}
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr
                  key={m.id}
                  data-testid={`bonded-movement-${m.id}`}
                  data-type={m.type}
                  data-status={m.deductionStatus}
                  data-list-no={m.listNo}
                >
                  <td className="num">{m.bookSeq}</td>
                  <td className="mono">
                    {m.listNo}
                    <small className="bz-muted">{m.clientId}</small>
                  </td>
                  <td>
                    {t(`bonded.type.${m.type}`)}
                    {m.role === 'counterpart' && ` ${t('bonded.counterpart')}`}
                    {m.transfer && (
                      <small className="bz-muted" data-testid={`bonded-transfer-${m.id}`}>
                        {m.role === 'counterpart'
                          ? t('bonded.fromBook', { book: m.transfer.fromBookNo })
                          : t('bonded.toBookNote', { book: m.transfer.toBookNo })}
                      </small>
                    )}
                    {m.reverses && (
                      <small className="bz-muted">{t('bonded.reversesNote', { id: m.reverses })}</small>
                    )}
                  </td>
                  <td>
                    {m.lines.map((l) => (
                      <div key={l.seqNo} className={l.quantity < 0 ? 'bz-out' : 'bz-in'}>
                        #{l.seqNo}{' '}
                        {t(l.goodsKind === 'product' ? 'bonded.kind.product' : 'bonded.kind.material')}{' '}
                        {l.quantity > 0 ? '+' : ''}
                        {fmt.integer(l.quantity)}
                      </div>
                    ))}
                  </td>
                  <td className="mono">
                    {[m.declaration.supervisionMode, m.declaration.transportMode, m.declaration.port]
                      .map((x) => x ?? '—')
                      .join(' / ')}
                  </td>
                  <td>
                    <span className={`bz-status bz-status--${m.deductionStatus}`}>
                      {m.deductionStatus} · {t(`bonded.status.${m.deductionStatus}`)}
                    </span>
                  </td>
                  <td>
                    {when(m.recordedAt)}
                    <small className="bz-muted">{m.recordedBy}</small>
                  </td>
                  {customs && (
                    <td>
                      {m.deductionStatus === 1 && (
                        <button
                          type="button"
                          className="button bz-small"
                          data-testid={`bonded-deduct-${m.id}`}
                          disabled={busy === m.id}
                          onClick={() => void setStatus(m, 2)}
                        >
                          {t('bonded.deduct')}
                        </button>
                      )}
                      {m.deductionStatus === 2 && (
                        <button
                          type="button"
                          className="button bz-small"
                          data-testid={`bonded-writeoff-${m.id}`}
                          disabled={busy === m.id}
                          onClick={() => void setStatus(m, 3)}
                        >
                          {t('bonded.writeOff')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && (
        <button type="button" className="button bz-more" data-testid="bonded-more" onClick={onMore}>
          {t('bonded.more')}
        </button>
      )}
    </div>
  );
}
