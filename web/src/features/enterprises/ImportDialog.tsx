// Import enterprises from a CSV or XLSX file: upload it and read the report — counts and every refused
// row with its row, column and reason in the page's language.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { Refusal } from '../../shared/call';
import { type EnterpriseImportReport, enterprisesApi } from './api';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function contentTypeOf(file: { readonly name: string; readonly type: string }): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.csv')) return 'text/csv';
  return file.type || 'application/octet-stream';
}

export function ImportDialog({
  onClose,
  onImported,
}: {
  readonly onClose: () => void;
  readonly onImported: () => void;
}) {
  const { t, locale } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<EnterpriseImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async () => {
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await enterprisesApi.import(file, contentTypeOf(file), locale));
      onImported();
    } catch (e) {
      setError(e instanceof Refusal || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ent-modal" role="dialog" aria-modal="true" aria-labelledby="ent-import-title">
      <div className="bz-panel ent-dialog" data-testid="ent-import">
        <h2 id="ent-import-title">{t('enterprises.importTitle')}</h2>
        <p className="bz-muted">{t('enterprises.importHint')}</p>
        <div className="ent-filters">
          <label className="bz-field">
            {t('enterprises.file')}
            <input
              type="file"
              data-testid="ent-import-file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
              }}
            />
          </label>
          <button
            type="button"
            className="button"
            data-testid="ent-import-upload"
            disabled={!file || busy}
            onClick={() => void upload()}
          >
            {busy ? t('enterprises.uploading') : t('enterprises.upload')}
          </button>
          <button type="button" className="button" data-testid="ent-import-close" onClick={onClose}>
            {t('enterprises.close')}
          </button>
        </div>
        {error && (
          <p className="bz-error" role="alert">
            {error}
          </p>
        )}
        {report && (
          <div
            data-testid="ent-import-report"
            data-created={report.created}
            data-updated={report.updated}
            data-unchanged={report.unchanged}
            data-errors={report.errors.length}
          >
            <p>
              {t('enterprises.report', {
                rows: report.rows,
                created: report.created,
                updated: report.updated,
                unchanged: report.unchanged,
                errors: report.errors.length,
              })}
            </p>
            {report.errors.length === 0 ? (
              <p className="bz-note">{t('enterprises.noErrors')}</p>
            ) : (
              <div className="bz-scroll">
                <table className="bz-table" data-testid="ent-import-errors">
                  <thead>
                    <tr>
                      <th className="num">{t('enterprises.reject.row')}</th>
                      <th>{t('enterprises.reject.column')}</th>
                      <th>{t('enterprises.reject.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.map((e) => (
                      <tr key={`${e.row}-${e.column}-${e.code}`} data-row={e.row} data-column={e.column}>
                        <td className="num">{e.row}</td>
                        <td className="mono">{e.column}</td>
                        <td>{e.message[locale]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
