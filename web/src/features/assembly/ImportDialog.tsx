// The import dialog: choose a CSV or XLSX file, upload it, and read the report — counts and every
// rejected row with its row, column and reason in the chosen language.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { api, type ImportReport } from '../../shared/api';
import { RowRefusals } from '../../shared/RowRefusals';
import { contentTypeOf } from '../../shared/upload';
import { useAuth } from '../auth/auth';

export function ImportDialog({
  onClose,
  onImported,
}: {
  readonly onClose: () => void;
  readonly onImported: () => void;
}) {
  const { t, locale } = useI18n();
  const auth = useAuth();
  const ownsOrg = auth.hasRole('forwarder', 'shipper');
  const [file, setFile] = useState<File | null>(null);
  const [org, setOrg] = useState(() => auth.me?.organizationId ?? '');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.importBookings(
        file,
        contentTypeOf(file),
        ownsOrg ? undefined : org.trim() || undefined,
      );
      setReport(r);
      onImported();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="asm-modal" role="dialog" aria-modal="true" aria-labelledby="asm-import-title">
      <div className="asm-dialog" data-testid="asm-import">
        <h2 id="asm-import-title">{t('asm.importTitle')}</h2>
        <div className="asm-import-form">
          <label>
            {t('asm.file')}
            <input
              type="file"
              data-testid="asm-import-file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
              }}
            />
          </label>
          {!ownsOrg && (
            <label>
              {t('asm.org')}
              <input data-testid="asm-import-org" value={org} onChange={(e) => setOrg(e.target.value)} />
            </label>
          )}
          <button
            type="button"
            className="button"
            data-testid="asm-import-upload"
            disabled={!file || busy}
            onClick={() => void upload()}
          >
            {busy ? t('asm.uploading') : t('asm.upload')}
          </button>
        </div>
        {error && (
          <p className="asm-error" role="alert">
            {t('asm.error', { detail: error })}
          </p>
        )}
        {report && (
          <div
            className="asm-report"
            data-testid="asm-import-report"
            data-imported={report.imported}
            data-updated={report.updated}
            data-unchanged={report.unchanged}
            data-rejected={report.rejected.length}
          >
            <p className="asm-report-counts">
              {t('asm.report', {
                imported: report.imported,
                updated: report.updated,
                unchanged: report.unchanged,
                rejected: report.rejected.length,
              })}
            </p>
            {report.rejected.length === 0 ? (
              <p className="asm-note">{t('asm.noRejects')}</p>
            ) : (
              <RowRefusals
                rows={report.rejected}
                locale={locale}
                labels={{
                  row: t('asm.reject.row'),
                  column: t('asm.reject.column'),
                  reason: t('asm.reject.reason'),
                }}
                tableClass="asm-table"
                scrollClass="asm-scroll asm-report-scroll"
                testId="asm-import-rejected"
              />
            )}
          </div>
        )}
        <div className="asm-dialog-foot">
          <button
            type="button"
            className="button button--ghost"
            data-testid="asm-import-close"
            onClick={onClose}
          >
            {t('asm.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
