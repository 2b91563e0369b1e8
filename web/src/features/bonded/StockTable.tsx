// Stock per item of one account book: HS code, unit, material or product (with its bill of materials),
// the book's cached balance and the ledger's sum side by side, and whether they agree.

import { useI18n } from '../../i18n/locale';
import type { Book } from './api';
import { disagreeing } from './model';

export function StockTable({ book }: { readonly book: Book }) {
  const { t, fmt, name } = useI18n();
  const off = disagreeing(book.items);
  return (
    <div className="bz-panel" data-testid="bonded-stock">
      <div className="bz-panel-head">
        <h2>{t('bonded.stock')}</h2>
        <span
          className={`bz-badge ${off.length === 0 ? 'bz-badge--ok' : 'bz-badge--bad'}`}
          data-testid="bonded-agree"
          data-agree={String(off.length === 0)}
        >
          {off.length === 0 ? `✓ ${t('bonded.agreeAll')}` : `✗ ${t('bonded.disagree')}`}
        </span>
      </div>
      <div className="bz-scroll">
        <table className="bz-table">
          <thead>
            <tr>
              <th className="num">{t('bonded.seqNo')}</th>
              <th>{t('bonded.item')}</th>
              <th>{t('bonded.hsCode')}</th>
              <th>{t('bonded.unit')}</th>
              <th>{t('bonded.kind')}</th>
              <th className="num">{t('bonded.balance')}</th>
              <th className="num">{t('bonded.ledger')}</th>
              <th>{t('bonded.agree')}</th>
            </tr>
          </thead>
          <tbody>
            {book.items.map((i) => {
              const agree = (i.quantity ?? 0) === (i.ledgerQuantity ?? 0);
              return (
                <tr
                  key={i.seqNo}
                  data-testid={`bonded-stock-${i.seqNo}`}
                  data-quantity={i.quantity ?? 0}
                  data-ledger={i.ledgerQuantity ?? 0}
                  data-agree={String(agree)}
                >
                  <td className="num">{i.seqNo}</td>
                  <td>
                    {name(i.names)}
                    {i.bom.length > 0 && (
                      <small className="bz-bom">
                        {t('bonded.bom', {
                          bom: i.bom.map((b) => `${b.perUnit} × #${b.materialSeqNo}`).join(' + '),
                        })}
                      </small>
                    )}
                  </td>
                  <td className="mono">{i.hsCode}</td>
                  <td>{i.unit}</td>
                  <td>{t(i.kind === 'product' ? 'bonded.kind.product' : 'bonded.kind.material')}</td>
                  <td className="num">{fmt.integer(i.quantity ?? 0)}</td>
                  <td className="num">{fmt.integer(i.ledgerQuantity ?? 0)}</td>
                  <td className={agree ? 'bz-ok' : 'bz-bad'}>{agree ? '✓' : '✗'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
