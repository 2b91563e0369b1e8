// Bookings table with filters (status, destination, ready–due window) and paging; import and export.

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { api, type BookingPage, type BookingQuery } from '../../shared/api';
import { useAuth } from '../auth/auth';
import { ImportDialog } from './ImportDialog';

const PAGE = 15;

export function BookingsPanel({
  version,
  onImported,
}: {
  readonly version: number;
  readonly onImported: () => void;
}) {
  const { t, fmt, locale } = useI18n();
  const [draft, setDraft] = useState({ status: '', destination: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<BookingPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  // the import route's roles (src/modules/booking/README.md); dispatchers and management only read
  const canImport = useAuth().hasRole('admin', 'planner', 'forwarder', 'shipper');

  const query: BookingQuery = {
    status: filters.status || undefined,
    destination: filters.destination.trim().toUpperCase() || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is derived from `filters`
  useEffect(() => {
    const ac = new AbortController();
    api
      .bookings({ ...query, limit: PAGE, offset }, ac.signal)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => ac.abort();
  }, [filters, offset, version]);

  const download = async (format: 'csv' | 'xlsx') => {
    try {
      const blob = await api.exportBookings(format, locale, query);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `bookings.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const total = page?.total ?? 0;
  return (
    <section className="asm-panel asm-bookings" data-testid="asm-bookings" data-total={total}>
      <div className="asm-panel-head">
        <h2>
          {t('asm.bookings')} <small>{t('asm.total', { n: fmt.integer(total) })}</small>
        </h2>
        <div className="asm-actions">
          {canImport && (
            <button
              type="button"
              className="button"
              data-testid="asm-import-open"
              onClick={() => setImporting(true)}
            >
              {t('asm.import')}
            </button>
          )}
          <button
            type="button"
            className="button button--ghost"
            data-testid="asm-export-csv"
            onClick={() => void download('csv')}
          >
            {t('asm.export', { format: 'CSV' })}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="asm-export-xlsx"
            onClick={() => void download('xlsx')}
          >
            {t('asm.export', { format: 'XLSX' })}
          </button>
        </div>
      </div>
      <form
        className="asm-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilters(draft);
        }}
      >
        <label>
          {t('asm.status')}
          <select
            data-testid="asm-filter-status"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
          >
            <option value="">{t('asm.any')}</option>
            <option value="draft">{t('asm.status.draft')}</option>
            <option value="confirmed">{t('asm.status.confirmed')}</option>
            <option value="cancelled">{t('asm.status.cancelled')}</option>
          </select>
        </label>
        <label>
          {t('asm.destination')}
          <input
            data-testid="asm-filter-destination"
            value={draft.destination}
            placeholder="DEDUI"
            onChange={(e) => setDraft({ ...draft, destination: e.target.value })}
          />
        </label>
        <label>
          {t('asm.from')}
          <input
            type="date"
            data-testid="asm-filter-from"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t('asm.to')}
          <input
            type="date"
            data-testid="asm-filter-to"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit" className="button" data-testid="asm-filter-apply">
          {t('asm.filter')}
        </button>
        <button
          type="button"
          className="button button--ghost"
          onClick={() => {
            const empty = { status: '', destination: '', from: '', to: '' };
            setDraft(empty);
            setFilters(empty);
            setOffset(0);
          }}
        >
          {t('asm.clear')}
        </button>
      </form>
      {error && (
        <p className="asm-error" role="alert">
          {t('asm.error', { detail: error })}
        </p>
      )}
      <div className="asm-scroll">
        <table className="asm-table" data-testid="asm-bookings-table">
          <thead>
            <tr>
              <th>{t('asm.col.ref')}</th>
              <th>{t('asm.status')}</th>
              <th>{t('asm.destination')}</th>
              <th className="num">{t('asm.col.boxes')}</th>
              <th className="num">{t('asm.col.teu')}</th>
              <th className="num">{t('asm.col.weight')}</th>
              <th>{t('asm.col.hs')}</th>
              <th>{t('asm.col.window')}</th>
              <th>{t('asm.col.marks')}</th>
              <th>{t('asm.col.departure')}</th>
              <th>{t('asm.col.owner')}</th>
            </tr>
          </thead>
          <tbody>
            {page?.items.map((b) => (
              <tr key={b.id} data-booking={b.reference}>
                <td className="mono">{b.reference}</td>
                <td>
                  <span className={`asm-status asm-status--${b.status}`}>{t(`asm.status.${b.status}`)}</span>
                </td>
                <td className="mono">{b.destination}</td>
                <td className="num">{b.containers.map((c) => `${c.count}×${c.sizeType}`).join(' ')}</td>
                <td className="num">{fmt.integer(b.teu)}</td>
                <td className="num">{fmt.integer(b.grossKg)} kg</td>
                <td className="mono">{b.hsCode}</td>
                <td className="mono">
                  {b.readyDate.slice(5)}–{b.dueDate.slice(5)}
                </td>
                <td>
                  {b.dg && <span className="asm-mark asm-mark--dg">DG {b.dg.class}</span>}
                  {b.reeferSetpointC !== null && (
                    <span className="asm-mark asm-mark--reefer">❄ {b.reeferSetpointC}°C</span>
                  )}
                </td>
                <td className="mono">{b.assignedDeparture ?? '—'}</td>
                <td className="muted">{b.organizationId}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.items.length === 0 && <p className="asm-note">{t('asm.none')}</p>}
      </div>
      <div className="asm-pager">
        <button
          type="button"
          className="button button--ghost"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          {t('asm.prev')}
        </button>
        <span data-testid="asm-page">
          {t('asm.page', { from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + PAGE), total })}
        </span>
        <button
          type="button"
          className="button button--ghost"
          data-testid="asm-next"
          disabled={offset + PAGE >= total}
          onClick={() => setOffset(offset + PAGE)}
        >
          {t('asm.next')}
        </button>
      </div>
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={() => {
            setOffset(0);
            onImported();
          }}
        />
      )}
    </section>
  );
}
