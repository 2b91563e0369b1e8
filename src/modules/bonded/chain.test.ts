import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainRow, canonicalJson, contentHash, GENESIS_HASH, linkHash, verifyChain } from './chain';

const json = fc.jsonValue();

function chainOf(contents: readonly unknown[]): { rows: ChainRow[]; head: { seq: number; hash: string } } {
  let prev = GENESIS_HASH;
  const rows = contents.map((c, i) => {
    const content = contentHash(c);
    const hash = linkHash(prev, 'BOOK', i + 1, content);
    const row: ChainRow = {
      bookSeq: i + 1,
      rowId: `m${i + 1}`,
      recomputedContentHash: content,
      storedContentHash: content,
      prevHash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  return { rows, head: { seq: contents.length, hash: prev } };
}

describe('canonical JSON', () => {
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });
});

describe('hash chain', () => {
  it('an untouched chain verifies, in any row order', () => {
    fc.assert(
      fc.property(fc.array(json, { maxLength: 20 }), (contents) => {
        const { rows, head } = chainOf(contents);
        expect(verifyChain('BOOK', [...rows].reverse(), head)).toEqual([]);
      }),
    );
  });

  it('finds any edited, deleted or swapped row', () => {
    const edit = fc.constantFrom('content', 'prev', 'hash', 'delete', 'swap');
    fc.assert(
      fc.property(fc.array(json, { minLength: 2, maxLength: 20 }), fc.nat(), edit, (contents, at, kind) => {
        const { rows, head } = chainOf(contents);
        const i = at % rows.length;
        const r = rows[i]!;
        const changed = [...rows];
        if (kind === 'content')
          changed[i] = { ...r, recomputedContentHash: contentHash({ edited: contents[i] ?? null }) };
        if (kind === 'prev') changed[i] = { ...r, prevHash: 'e'.repeat(64) };
        if (kind === 'hash') changed[i] = { ...r, hash: 'e'.repeat(64) };
        if (kind === 'delete') changed.splice(i, 1);
        if (kind === 'swap') {
          const j = (i + 1) % rows.length;
          fc.pre(r.recomputedContentHash !== rows[j]!.recomputedContentHash);
          changed[i] = { ...r, recomputedContentHash: rows[j]!.recomputedContentHash };
          changed[j] = { ...rows[j]!, recomputedContentHash: r.recomputedContentHash };
        }
        expect(verifyChain('BOOK', changed, head).length).toBeGreaterThan(0);
      }),
    );
  });

  it('a chain copied to another book does not verify there', () => {
    const { rows, head } = chainOf([{ a: 1 }, { b: 2 }]);
    expect(verifyChain('OTHER', rows, head).map((p) => p.kind)).toContain('link');
  });
});
