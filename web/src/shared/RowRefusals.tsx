// The rows an import refused — row, column and reason in the page's language — as the bookings and
// the enterprises import dialogs show them.

import type { Locale } from '../i18n/messages';

export interface RowRefusal {
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly reason: { readonly en: string; readonly zh: string };
}

export function RowRefusals({
  rows,
  locale,
  labels,
  tableClass,
  scrollClass,
  testId,
}: {
  readonly rows: readonly RowRefusal[];
  readonly locale: Locale;
  readonly labels: { readonly row: string; readonly column: string; readonly reason: string };
  readonly tableClass: string;
  readonly scrollClass: string;
  readonly testId: string;
}) {
  return (
    <div className={scrollClass}>
      <table className={tableClass} data-testid={testId}>
        <thead>
          <tr>
            <th className="num">{labels.row}</th>
            <th>{labels.column}</th>
            <th>{labels.reason}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.row}-${r.column}-${r.code}`}
              data-row={r.row}
              data-column={r.column}
              data-code={r.code}
            >
              <td className="num">{r.row}</td>
              <td className="mono">{r.column}</td>
              <td>{r.reason[locale]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
