/**
 * Model-based proof of the ledger (issue 7 part 6): random sequences of receive, transfer, process,
 * release, exit, reverse and retry run against the real service and a plain in-memory model; after
 * every command, for every item of both books, model stock = cached balance = ledger-derived stock,
 * and none is negative. A refusal happens exactly when the model says stock would go below zero.
 *
 * The figure is 10,000 sequences: run `LUGANG_LEDGER_MODEL_RUNS=10000 npx vitest run
 * src/modules/bonded/model.db.test.ts` (minutes). `npm test` uses a small default (40) so the tier
 * stays fast; the seed is printed by fast-check on failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { itemKey } from './ledger';
import type { MovementRequest } from './service';
import { type BondedFixture, bondedServices, freshBooks, TEST_ITEMS } from './testing';

const RUNS = Number(process.env.LUGANG_LEDGER_MODEL_RUNS ?? 40);

let t: TestDatabase;
let f: BondedFixture;
beforeAll(async () => {
  t = await openTestDatabase();
  f = bondedServices(t.db);
});
afterAll(async () => {
  await t?.close();
});

interface Posted {
  readonly request: MovementRequest;
  readonly effect: Map<string, number>;
  reversed: boolean;
}

interface Model {
  books: [string, string];
  stock: Map<string, number>;
  posted: Posted[];
  next: number;
}

interface Real {
  books: [string, string];
}

const BOM = new Map(TEST_ITEMS.map((i) => [i.seqNo, i.bom ?? []]));

/** Stock change a request makes according to the model's own reading of the rules. */
function effectOf(r: MovementRequest): Map<string, number> {
  const e = new Map<string, number>();
  const add = (book: string, seq: number, d: number) =>
    e.set(itemKey(book, seq), (e.get(itemKey(book, seq)) ?? 0) + d);
  for (const l of r.lines ?? []) {
    if (r.type === 'entry') add(r.bookId, l.seqNo, l.quantity);
    if (r.type === 'release' || r.type === 'export') add(r.bookId, l.seqNo, -l.quantity);
    if (r.type === 'transfer') {
      add(r.bookId, l.seqNo, -l.quantity);
      add(r.toBookId!, l.toSeqNo ?? l.seqNo, l.quantity);
    }
    if (r.type === 'processing') {
      add(r.bookId, l.seqNo, l.quantity);
      for (const b of BOM.get(l.seqNo) ?? []) add(r.bookId, b.materialSeqNo, -l.quantity * b.perUnit);
    }
  }
  return e;
}

function feasible(m: Model, effect: Map<string, number>): boolean {
  return [...effect].every(([k, d]) => (m.stock.get(k) ?? 0) + d >= 0);
}

async function checkStock(m: Model, r: Real): Promise<void> {
  for (const book of r.books) {
    for (const row of await f.bonded.stock(book)) {
      const expected = m.stock.get(itemKey(book, row.seq_no)) ?? 0;
      expect(row.quantity, `cached ${book}#${row.seq_no}`).toBe(expected);
      expect(row.ledger_quantity, `ledger ${book}#${row.seq_no}`).toBe(expected);
      expect(row.quantity).toBeGreaterThanOrEqual(0);
    }
  }
}

/** Posts a new movement; the model predicts success or an insufficient-stock refusal. */
class PostCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly label: string,
    readonly build: (m: Model, id: string) => MovementRequest,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const id = `${r.books[0]}-${m.next++}`;
    const request = this.build({ ...m, books: r.books }, id);
    const effect = effectOf(request);
    const res = await f.bonded.post(null, request);
    if (feasible(m, effect)) {
      expect(res.ok, `${this.label} should post`).toBe(true);
      for (const [k, d] of effect) m.stock.set(k, (m.stock.get(k) ?? 0) + d);
      m.posted.push({ request, effect, reversed: false });
    } else {
      expect(!res.ok && res.error.code, `${this.label} should be refused`).toBe('bonded.insufficient_stock');
    }
    await checkStock(m, r);
  }
  toString = () => this.label;
}

class ReverseCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.posted.some((p) => !p.reversed);
  async run(m: Model, r: Real): Promise<void> {
    const open = m.posted.filter((p) => !p.reversed);
    const target = open[this.pick % open.length]!;
    const undo = new Map([...target.effect].map(([k, d]) => [k, -d]));
    const res = await f.bonded.post(null, {
      id: `${r.books[0]}-${m.next++}`,
      bookId: target.request.bookId,
      type: 'reversal',
      reverses: target.request.id,
    });
    if (feasible(m, undo)) {
      expect(res.ok, `reverse ${target.request.id}`).toBe(true);
      for (const [k, d] of undo) m.stock.set(k, (m.stock.get(k) ?? 0) + d);
      target.reversed = true;
    } else {
      expect(!res.ok && res.error.code).toBe('bonded.insufficient_stock');
    }
    await checkStock(m, r);
  }
  toString = () => `reverse(${this.pick})`;
}

class RetryCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.posted.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const target = m.posted[this.pick % m.posted.length]!;
    const res = await f.bonded.post(null, target.request);
    expect(res.ok && res.value.replayed).toBe(true);
    await checkStock(m, r);
  }
  toString = () => `retry(${this.pick})`;
}

const q = fc.integer({ min: 1, max: 12 });
const side = fc.integer({ min: 0, max: 1 });
const seq = fc.integer({ min: 1, max: 3 });
const rail = { supervisionMode: '5000', transportMode: '3', port: '7601' };

const commands = [
  fc.tuple(side, seq, q).map(
    ([s, i, n]) =>
      new PostCommand(`receive(${s},${i},${n})`, (m, id) => ({
        id,
        bookId: m.books[s]!,
        type: 'entry',
        lines: [{ seqNo: i, quantity: n }],
        declaration: rail,
      })),
  ),
  fc.tuple(side, seq, q).map(
    ([s, i, n]) =>
      new PostCommand(`transfer(${s},${i},${n})`, (m, id) => ({
        id,
        bookId: m.books[s]!,
        toBookId: m.books[1 - s]!,
        type: 'transfer',
        lines: [{ seqNo: i, quantity: n }],
      })),
  ),
  fc.tuple(side, fc.integer({ min: 1, max: 4 })).map(
    ([s, n]) =>
      new PostCommand(`process(${s},${n})`, (m, id) => ({
        id,
        bookId: m.books[s]!,
        type: 'processing',
        lines: [{ seqNo: 3, quantity: n }],
      })),
  ),
  fc.tuple(side, seq, q).map(
    ([s, i, n]) =>
      new PostCommand(`release(${s},${i},${n})`, (m, id) => ({
        id,
        bookId: m.books[s]!,
        type: 'release',
        lines: [{ seqNo: i, quantity: n }],
      })),
  ),
  fc.tuple(side, fc.constantFrom(1, 2, 3), q).map(
    ([s, i, n]) =>
      new PostCommand(`exit(${s},${i},${n})`, (m, id) => ({
        id,
        bookId: m.books[s]!,
        type: 'export',
        lines: [{ seqNo: i, quantity: n }],
      })),
  ),
  fc.nat().map((n) => new ReverseCommand(n)),
  fc.nat().map((n) => new RetryCommand(n)),
];

describe('ledger model', () => {
  it(`model stock = cached balance = ledger stock, never negative (${RUNS} sequences)`, async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const books = (await freshBooks(f)) as [string, string];
        await fc.asyncModelRun(
          () => ({ model: { books, stock: new Map(), posted: [], next: 0 }, real: { books } }),
          cmds,
        );
        for (const b of books) {
          const v = await f.bonded.verify(null, b);
          expect(v.ok && v.value.intact).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    if (RUNS > 1000)
      console.log(`ledger model: ${RUNS} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 3_600_000);
});
