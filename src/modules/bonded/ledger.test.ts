import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyToBalances,
  canChangeStatus,
  type ItemDef,
  isBalanced,
  itemKey,
  type MovementLines,
  postingsFor,
  reverse,
  stockDeltas,
} from './ledger';

const BOOKS = ['A', 'B'];
/** Items 1–3 are materials, 4–5 products made of them. */
const items = new Map<string, ItemDef>();
for (const bookId of BOOKS) {
  for (const seqNo of [1, 2, 3])
    items.set(itemKey(bookId, seqNo), { bookId, seqNo, kind: 'material', bom: [] });
  items.set(itemKey(bookId, 4), {
    bookId,
    seqNo: 4,
    kind: 'product',
    bom: [{ materialSeqNo: 1, perUnit: 2 }],
  });
  items.set(itemKey(bookId, 5), {
    bookId,
    seqNo: 5,
    kind: 'product',
    bom: [
      { materialSeqNo: 2, perUnit: 3 },
      { materialSeqNo: 3, perUnit: 1 },
    ],
  });
}

const qty = fc.integer({ min: 1, max: 1000 });
const line = fc.record({ seqNo: fc.integer({ min: 1, max: 5 }), quantity: qty });
const movement: fc.Arbitrary<MovementLines> = fc.oneof(
  fc.record({
    type: fc.constantFrom('entry', 'release', 'export') as fc.Arbitrary<'entry' | 'release' | 'export'>,
    bookId: fc.constantFrom(...BOOKS),
    lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant('adjustment' as const),
    bookId: fc.constantFrom(...BOOKS),
    lines: fc.array(
      fc.record({
        seqNo: fc.integer({ min: 1, max: 5 }),
        quantity: fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({
    type: fc.constant('processing' as const),
    bookId: fc.constantFrom(...BOOKS),
    lines: fc.array(fc.record({ seqNo: fc.constantFrom(4, 5), quantity: qty }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    type: fc.constant('transfer' as const),
    bookId: fc.constant('A'),
    toBookId: fc.constant('B'),
    lines: fc.array(
      fc.record({
        seqNo: fc.integer({ min: 1, max: 5 }),
        toSeqNo: fc.integer({ min: 1, max: 5 }),
        quantity: qty,
      }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  }),
);

const balances = fc
  .array(fc.tuple(fc.constantFrom(...BOOKS), fc.integer({ min: 1, max: 5 }), fc.nat(3000)))
  .map((xs) => new Map(xs.map(([b, s, q]) => [itemKey(b, s), q])));

describe('ledger postings', () => {
  it('every movement is double-entry: per item the deltas sum to zero, in each book entry', () => {
    fc.assert(
      fc.property(movement, (m) => {
        const r = postingsFor(m, items);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        for (const e of r.value) {
          expect(isBalanced(e.postings)).toBe(true);
          for (const p of e.postings) expect(p.bookId).toBe(e.bookId);
        }
        expect(r.value).toHaveLength(m.type === 'transfer' ? 2 : 1);
      }),
    );
  });

  it('moves stock in the direction of the movement type', () => {
    fc.assert(
      fc.property(movement, (m) => {
        const r = postingsFor(m, items);
        if (!r.ok) return;
        const d = stockDeltas(r.value.flatMap((e) => e.postings));
        const total = (book: string) =>
          [...d].filter(([k]) => k.startsWith(`${book}#`)).reduce((s, [, v]) => s + v, 0);
        const asked = m.lines.reduce((s, l) => s + l.quantity, 0);
        if (m.type === 'entry' || m.type === 'adjustment') expect(total(m.bookId)).toBe(asked);
        if (m.type === 'release' || m.type === 'export') expect(total(m.bookId)).toBe(-asked);
        if (m.type === 'transfer') {
          expect(total('A')).toBe(-asked);
          expect(total('B')).toBe(asked);
        }
        if (m.type === 'processing')
          for (const l of m.lines)
            expect(d.get(itemKey(m.bookId, l.seqNo))).toBeGreaterThanOrEqual(l.quantity);
      }),
    );
  });

  it('a reversal undoes exactly: postings + reversal leave no stock change and stay balanced', () => {
    fc.assert(
      fc.property(movement, (m) => {
        const r = postingsFor(m, items);
        if (!r.ok) return;
        for (const e of r.value) {
          const back = reverse(e.postings);
          expect(isBalanced(back)).toBe(true);
          const net = stockDeltas([...e.postings, ...back]);
          for (const v of net.values()) expect(v).toBe(0);
        }
      }),
    );
  });

  it('refuses unknown items, non-products in processing, bad quantities, a transfer to itself', () => {
    const code = (m: MovementLines) => {
      const r = postingsFor(m, items);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code({ type: 'entry', bookId: 'A', lines: [{ seqNo: 9, quantity: 1 }] })).toBe(
      'bonded.item_unknown',
    );
    expect(code({ type: 'processing', bookId: 'A', lines: [{ seqNo: 1, quantity: 1 }] })).toBe(
      'bonded.not_a_product',
    );
    expect(code({ type: 'release', bookId: 'A', lines: [{ seqNo: 1, quantity: -1 }] })).toBe(
      'bonded.quantity',
    );
    expect(code({ type: 'entry', bookId: 'A', lines: [{ seqNo: 1, quantity: 1.5 }] })).toBe(
      'bonded.quantity',
    );
    expect(code({ type: 'adjustment', bookId: 'A', lines: [{ seqNo: 1, quantity: 0 }] })).toBe(
      'bonded.quantity',
    );
    expect(code({ type: 'transfer', bookId: 'A', toBookId: 'A', lines: [{ seqNo: 1, quantity: 1 }] })).toBe(
      'bonded.transfer_target',
    );
    expect(code({ type: 'entry', bookId: 'A', lines: [] })).toBe('bonded.lines_empty');
  });
});

describe('balance arithmetic', () => {
  it('applies a movement iff no item ends below zero, and conserves quantity otherwise', () => {
    fc.assert(
      fc.property(balances, movement, (before, m) => {
        const r = postingsFor(m, items);
        if (!r.ok) return;
        const postings = r.value.flatMap((e) => e.postings);
        const after = applyToBalances(before, postings);
        const d = stockDeltas(postings);
        const wouldGoNegative = [...d].some(([k, v]) => (before.get(k) ?? 0) + v < 0);
        expect(after.ok).toBe(!wouldGoNegative);
        if (after.ok) {
          for (const v of after.value.values()) expect(v).toBeGreaterThanOrEqual(0);
          const sum = (x: ReadonlyMap<string, number>) => [...x.values()].reduce((s, v) => s + v, 0);
          expect(sum(after.value)).toBe(sum(before) + [...d.values()].reduce((s, v) => s + v, 0));
        } else {
          expect(after.error.code).toBe('bonded.insufficient_stock');
          expect(after.error.details?.requested).toBeGreaterThan(after.error.details?.available as number);
        }
      }),
    );
  });
});

describe('deduction status', () => {
  it('allows 0→1, 1→2, 2→3 and 1→0 only', () => {
    const allowed: string[] = [];
    for (const a of [0, 1, 2, 3] as const)
      for (const b of [0, 1, 2, 3] as const) if (canChangeStatus(a, b)) allowed.push(`${a}${b}`);
    expect(allowed).toEqual(['01', '10', '12', '23']);
  });
});
