import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../domain/csv';
import { DEFAULT_HS_DIR, hsTable, loadHsIndex } from './hs-table';

// These tests read the real shipped table in data/hs/.
const raw = parseCsvRecords(readFileSync(join(DEFAULT_HS_DIR, 'harmonized-system.csv'), 'utf8'));
const index = hsTable();

describe('the shipped HS 2022 table', () => {
  it('has every 2/4/6-digit row of the CSV (the TOTAL row aside)', () => {
    expect(raw.length).toBe(6940);
    const codes = raw.map((r) => r.hscode!).filter((c) => /^\d+$/.test(c));
    expect(codes.length).toBe(6939);
    expect(index.size).toBe(6939);
    expect(index.edition).toBe('HS 2022');
  });

  it('every row looks up to itself, and its parent chain ends at its chapter', () => {
    for (const row of raw) {
      if (!/^\d+$/.test(row.hscode!)) continue;
      const r = index.lookup(row.hscode!);
      expect(r.ok, row.hscode).toBe(true);
      if (!r.ok) continue;
      expect(r.value.code).toBe(row.hscode);
      expect(r.value.description).toBe(row.description!.trim());
      expect(r.value.level).toBe(Number(row.level));
      const chain = r.value.parents;
      expect(chain.length).toBe(r.value.level / 2 - 1);
      if (chain.length > 0) {
        expect(chain[0]!.code).toBe(row.parent);
        expect(chain[chain.length - 1]).toMatchObject({ code: r.value.chapter, level: 2, parent: null });
      }
      // Each link is the prefix of the one before.
      let child = r.value.code;
      for (const p of chain) {
        expect(child.startsWith(p.code)).toBe(true);
        child = p.code;
      }
    }
  });

  it('reads quoted descriptions with commas and the BOM-prefixed sections file', () => {
    const horses = index.lookup('0101');
    expect(horses.ok && horses.value.description).toBe('Horses, asses, mules and hinnies; live');
    expect(horses.ok && horses.value.section?.id).toBe('I');
    const r = index.lookup('0201');
    expect(r.ok && r.value.section).toEqual({ id: 'I', name: 'live animals; animal products' });
    const four = index.lookup('2009');
    expect(four.ok && four.value.section?.name).toContain(
      'Prepared foodstuffs; beverages, spirits and vinegar',
    );
  });

  it.each([
    ['2002', 'Tomatoes'],
    ['2002.10', 'Tomatoes'],
    ['3904', 'vinyl chloride'],
    ['1001', 'Wheat'],
    ['0807', 'Melons'],
    ['8471', 'data processing'],
    ['7324', 'Sanitary ware'],
    ['72', 'Iron and steel'],
  ])('knows %s from the port’s goods (%s)', (code, words) => {
    const r = index.lookup(code);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.description.toLowerCase()).toContain(words.toLowerCase());
  });

  it('the reserved chapter 77 is well-formed but unknown', () => {
    const r = index.lookup('77');
    expect(!r.ok && r.error.code).toBe('hs.unknown');
  });

  it('every section of the codes exists in sections.csv, except chapter 99 which has none', () => {
    for (const e of index.entries()) {
      if (e.section === null) {
        expect(e.code.startsWith('99')).toBe(true);
        continue;
      }
      expect(index.section(e.section), e.code).toBeDefined();
    }
  });

  it('caches: the same index object each time, and a fresh load is equal in content', () => {
    expect(hsTable()).toBe(index);
    expect(loadHsIndex().size).toBe(index.size);
  });
});
