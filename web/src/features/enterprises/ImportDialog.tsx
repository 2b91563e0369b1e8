// Import enterprises from a CSV or XLSX file: upload it and read the report — counts and every refused
// row with its row, column and reason in the page's language.

import { useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { Refusal } from '../../shared/call';
import { RowRefusals } from '../../shared/RowRefusals';
import { contentTypeOf } from '../../shared/upload';
import { type EnterpriseImportReport, enterprisesApi } from './api';

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
              <RowRefusals
                rows={report.errors.map((e) => ({ ...e, reason: e.message }))}
                locale={locale}
                labels={{
                  row: t('enterprises.reject.row'),
                  column: t('enterprises.reject.column'),
                  reason: t('enterprises.reject.reason'),
                }}
                tableClass="bz-table"
                scrollClass="bz-scroll"
                testId="ent-import-errors"
              />
            )}
          </div>
        )}
      </div>
    </div>
  );
}
