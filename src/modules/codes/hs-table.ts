// Loads the shipped HS 2022 table (data/hs/*.csv, see data/hs/SOURCE.md) into a pure HsIndex, once per
// process. This is the only code that reads those files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HsIndex, type HsRow, type HsSectionRow } from '../../domain/codes/hs';
import { parseCsvRecords } from '../../domain/csv';

/** `data/hs/` of the project, found relative to this file (src/modules/codes → ../../../data/hs). */
export const DEFAULT_HS_DIR = fileURLToPath(new URL('../../../data/hs/', import.meta.url));

export const HS_EDITION = 'HS 2022';

function field(rec: Record<string, string>, name: string, file: string): string {
  const v = rec[name];
  if (v === undefined) throw new Error(`${file}: missing column "${name}"`);
  return v;
}

/** Reads and indexes the table in `dir` (no caching; use `hsTable()` in the application). */
export function loadHsIndex(dir: string = DEFAULT_HS_DIR): HsIndex {
  const hsFile = join(dir, 'harmonized-system.csv');
  const sectionsFile = join(dir, 'sections.csv');
  const rows: HsRow[] = parseCsvRecords(readFileSync(hsFile, 'utf8')).map((r) => ({
    hscode: field(r, 'hscode', hsFile),
    description: field(r, 'description', hsFile),
    parent: field(r, 'parent', hsFile),
    level: field(r, 'level', hsFile),
    section: field(r, 'section', hsFile),
  }));
  const sections: HsSectionRow[] = parseCsvRecords(readFileSync(sectionsFile, 'utf8')).map((r) => ({
    section: field(r, 'section', sectionsFile),
    name: field(r, 'name', sectionsFile),
  }));
  return HsIndex.fromRows(rows, sections, HS_EDITION);
}

let cached: HsIndex | undefined;

/** The shipped table, read on first use and kept for the life of the process. */
export function hsTable(): HsIndex {
  cached ??= loadHsIndex();
  return cached;
}
