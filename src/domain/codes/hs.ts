// Harmonized System codes: syntax of 2/4/6-digit codes and a pure in-memory index over the rows of
// the shipped table (the rows come in as data; reading the files is the module's job, not this one's).
import { fail, ok, type Result } from '../result';
import { bilingual } from '../text';

export type HsLevel = 2 | 4 | 6;

/** One row of the table as shipped (`harmonized-system.csv`); `level` may be a string or a number. */
export interface HsRow {
  readonly hscode: string;
  readonly description: string;
  readonly parent: string;
  readonly level: string | number;
  readonly section: string;
}

export interface HsSectionRow {
  readonly section: string;
  readonly name: string;
}

export interface HsSection {
  /** Roman numeral I–XXI. */
  readonly id: string;
  readonly name: string;
}

export interface HsEntry {
  /** Digits only: `02`, `0201`, `020110`. */
  readonly code: string;
  readonly description: string;
  readonly level: HsLevel;
  /** Parent code, or null for a chapter. */
  readonly parent: string | null;
  /** Section numeral; null where the table has none (chapter 99, a statistical addition). */
  readonly section: string | null;
}

export interface HsLookup {
  readonly code: string;
  /** Dotted form as printed in tariffs: `2002`, `2002.10`, `20`. */
  readonly display: string;
  readonly description: string;
  readonly level: HsLevel;
  readonly chapter: string;
  /** The 4-digit heading, or null when the code is a chapter. */
  readonly heading: string | null;
  readonly section: HsSection | null;
  /** The ancestors, nearest first, ending at the chapter; empty for a chapter. */
  readonly parents: readonly HsEntry[];
}

/** `200210` → `2002.10`; `2002` → `2002`; `20` → `20`. */
export function formatHsCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 4)}.${code.slice(4)}` : code;
}

/**
 * Checks the syntax of an HS code and returns its digits: 2, 4 or 6 digits, dots and spaces allowed
 * (`2002.10`, `2002 10`). Failure: `hs.format`.
 */
export function parseHsCodeSyntax(input: string, field = ''): Result<string> {
  const shown = input.trim();
  const digits = shown.replace(/[\s.]/g, '');
  if (/^\d+$/.test(digits) && (digits.length === 2 || digits.length === 4 || digits.length === 6)) {
    return ok(digits);
  }
  const national = /^\d{7,10}$/.test(digits);
  return fail({
    field,
    code: 'hs.format',
    message: bilingual(
      `"${shown}" is not an HS code: use 2, 4 or 6 digits, e.g. 20, 2002 or 2002.10` +
        (national ? ' (national tariff lines of 8–10 digits: give their first 6 digits)' : ''),
      `“${shown}”不是 HS 编码：应为 2、4 或 6 位数字，如 20、2002 或 2002.10` +
        (national ? '（8–10 位的国家税则号请取前 6 位）' : ''),
    ),
    details: { digits: digits.length },
  });
}

function isLevel(n: number): n is HsLevel {
  return n === 2 || n === 4 || n === 6;
}

/** An immutable index of one HS edition. Build it with `HsIndex.fromRows`. */
export class HsIndex {
  private constructor(
    private readonly byCode: ReadonlyMap<string, HsEntry>,
    private readonly sections: ReadonlyMap<string, HsSection>,
    /** Label used in messages, e.g. `HS 2022`. */
    readonly edition: string,
  ) {}

  /**
   * Builds the index. Rows whose code is not 2, 4 or 6 digits (the table's `TOTAL` line) are skipped;
   * a section or parent called `TOTAL` means none. Throws on an inconsistent table (duplicate code,
   * level not matching the code, missing parent, parent not a prefix): that is a data defect.
   */
  static fromRows(rows: Iterable<HsRow>, sectionRows: Iterable<HsSectionRow> = [], edition = 'HS'): HsIndex {
    const sections = new Map<string, HsSection>();
    for (const s of sectionRows)
      sections.set(s.section.trim(), { id: s.section.trim(), name: s.name.trim() });
    const byCode = new Map<string, HsEntry>();
    for (const row of rows) {
      const code = row.hscode.trim();
      if (!/^\d{2}(\d{2}){0,2}$/.test(code)) continue;
      const level = Number(row.level);
      if (!isLevel(level) || level !== code.length) {
        throw new Error(`HS table: ${code} has level ${row.level}, expected ${code.length}`);
      }
      if (byCode.has(code)) throw new Error(`HS table: duplicate code ${code}`);
      const parent = row.parent.trim();
      const section = row.section.trim();
      byCode.set(code, {
        code,
        description: row.description.trim(),
        level,
        parent: parent === '' || parent === 'TOTAL' ? null : parent,
        section: section === '' || section === 'TOTAL' ? null : section,
      });
    }
    for (const e of byCode.values()) {
      const expectedParent = e.level === 2 ? null : e.code.slice(0, e.level - 2);
      if (e.parent !== expectedParent) {
        throw new Error(`HS table: ${e.code} has parent ${e.parent}, expected ${expectedParent}`);
      }
      if (e.parent !== null && !byCode.has(e.parent)) {
        throw new Error(`HS table: ${e.code} refers to missing parent ${e.parent}`);
      }
    }
    return new HsIndex(byCode, sections, edition);
  }

  get size(): number {
    return this.byCode.size;
  }

  /** The entry for a normalized code (digits only), or undefined. */
  get(code: string): HsEntry | undefined {
    return this.byCode.get(code);
  }

  /** All entries in table order. */
  entries(): IterableIterator<HsEntry> {
    return this.byCode.values();
  }

  /** The direct children of a code (headings of a chapter, subheadings of a heading). */
  children(code: string): HsEntry[] {
    const out: HsEntry[] = [];
    for (const e of this.byCode.values()) if (e.parent === code) out.push(e);
    return out;
  }

  section(id: string): HsSection | undefined {
    return this.sections.get(id);
  }

  /**
   * Looks up a 2/4/6-digit code (`2002.10`, `2002 10`, `200210`). Failures: `hs.format` for a malformed
   * code, `hs.unknown` for a well-formed code the table does not have (details name the nearest
   * ancestor that exists, if any).
   */
  lookup(input: string, field = ''): Result<HsLookup> {
    const syntax = parseHsCodeSyntax(input, field);
    if (!syntax.ok) return syntax;
    const code = syntax.value;
    const entry = this.byCode.get(code);
    if (entry === undefined) {
      const nearest = [4, 2]
        .map((n) => code.slice(0, n))
        .find((c) => c.length < code.length && this.byCode.has(c));
      const hintEn = nearest ? `; ${formatHsCode(nearest)} exists` : '';
      const hintZh = nearest ? `；${formatHsCode(nearest)} 存在` : '';
      return fail({
        field,
        code: 'hs.unknown',
        message: bilingual(
          `HS code ${formatHsCode(code)} is not in the ${this.edition} table${hintEn}`,
          `HS 编码 ${formatHsCode(code)} 不在 ${this.edition} 编码表中${hintZh}`,
        ),
        details: nearest ? { code, nearest } : { code },
      });
    }
    const parents: HsEntry[] = [];
    for (let p = entry.parent; p !== null; ) {
      const pe = this.byCode.get(p);
      if (pe === undefined) break;
      parents.push(pe);
      p = pe.parent;
    }
    return ok({
      code,
      display: formatHsCode(code),
      description: entry.description,
      level: entry.level,
      chapter: code.slice(0, 2),
      heading: code.length >= 4 ? code.slice(0, 4) : null,
      section:
        entry.section === null ? null : (this.sections.get(entry.section) ?? { id: entry.section, name: '' }),
      parents,
    });
  }
}
