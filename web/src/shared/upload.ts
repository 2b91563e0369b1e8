// What an import dialog needs of a chosen file.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type the server expects for a chosen file (by extension, then by the browser's guess). */
export function contentTypeOf(file: { readonly name: string; readonly type: string }): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.csv')) return 'text/csv';
  return file.type || 'application/octet-stream';
}
