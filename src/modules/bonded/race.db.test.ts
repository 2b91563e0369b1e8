/**
 * Concurrency proof (issue 7 part 6): 32 clients race to over-release one item, each sending its
 * request twice at once (a retry racing the original). On PostgreSQL these run on up to 40 pooled
 * connections at the same time; on PGlite they queue on its single connection. Expected: exactly
 * floor(stock / quantity) releases post, each once; 0 negative balances; 0 lost updates (cached
 * balance = ledger stock = initial − posted); the chain stays intact. Opposite transfers between
 * two books race too (locks are taken in id order, so no deadlock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { type BondedFixture, bondedServices, freshBooks } from './testing';

let t: TestDatabase;
let f: BondedFixture;
beforeAll(async () => {
  t = await openTestDatabase();
  f = bondedServices(t.db);
});
afterAll(async () => {
  await t?.close();
});

const CLIENTS = 32;

describe(`${CLIENTS} concurrent clients`, () => {
  it('over-releasing one item: exactly the stock is released, each id once, never below zero', async () => {
    const [a] = await freshBooks(f, 1);
    const initial = 100;
    const each = 7;
    const entry = await f.bonded.post(null, {
      id: 'race-in',
      bookId: a!,
      type: 'entry',
      lines: [{ seqNo: 1, quantity: initial }],
    });
    expect(entry.ok).toBe(true);
    const requests = Array.from({ length: CLIENTS }, (_, c) => ({
      id: `race-out-${c}`,
      bookId: a!,
      type: 'release' as const,
      lines: [{ seqNo: 1, quantity: each }],
    }));
    const results = await Promise.all(
      requests.flatMap((r) => [f.bonded.post(null, r), f.bonded.post(null, { ...r })]),
    );
    const posted = new Set<string>();
    let fresh = 0;
    let replayed = 0;
    let refused = 0;
    for (const res of results) {
      if (res.ok) {
        posted.add(res.value.movement[0]!.clientId);
        if (res.value.replayed) replayed++;
        else fresh++;
      } else {
        expect(res.error.code).toBe('bonded.insufficient_stock');
        refused++;
      }
    }
    const expected = Math.floor(initial / each);
    expect(fresh).toBe(expected);
    expect(posted.size).toBe(expected);
    expect(replayed).toBe(expected);
    expect(refused).toBe(2 * CLIENTS - 2 * expected);
    const [item1] = await f.bonded.stock(a!);
    expect(item1).toEqual({
      seq_no: 1,
      quantity: initial - expected * each,
      ledger_quantity: initial - expected * each,
    });
    const list = await f.bonded.listMovements(null, a!);
    expect(list.ok && list.value.filter((m) => m.type === 'release')).toHaveLength(expected);
    const v = await f.bonded.verify(null, a!);
    expect(v.ok && v.value).toMatchObject({ intact: true, rows: expected + 1 });
  });

  it('opposite transfers between two books all post, with no deadlock and no lost update', async () => {
    const [a, b] = await freshBooks(f);
    for (const book of [a!, b!]) {
      const r = await f.bonded.post(null, {
        id: `seed-${book}`,
        bookId: book,
        type: 'entry',
        lines: [{ seqNo: 2, quantity: 1000 }],
      });
      expect(r.ok).toBe(true);
    }
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) =>
        f.bonded.post(null, {
          id: `x-${c}`,
          bookId: c % 2 ? a! : b!,
          toBookId: c % 2 ? b! : a!,
          type: 'transfer',
          lines: [{ seqNo: 2, quantity: c + 1 }],
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    let net = 0;
    for (let c = 0; c < CLIENTS; c++) net += c % 2 ? -(c + 1) : c + 1;
    const [sa, sb] = [(await f.bonded.stock(a!))[1]!, (await f.bonded.stock(b!))[1]!];
    expect(sa).toEqual({ seq_no: 2, quantity: 1000 + net, ledger_quantity: 1000 + net });
    expect(sb).toEqual({ seq_no: 2, quantity: 1000 - net, ledger_quantity: 1000 - net });
    for (const book of [a!, b!]) {
      const v = await f.bonded.verify(null, book);
      expect(v.ok && v.value).toMatchObject({ intact: true, rows: 1 + CLIENTS });
    }
  });

  it('one id sent at once to two books with different content: one posts, the other is told 409', async () => {
    const [a, b] = await freshBooks(f);
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, c) =>
        f.bonded.post(null, {
          id: 'twin',
          bookId: c % 2 ? a! : b!,
          type: 'entry',
          lines: [{ seqNo: 1, quantity: 5 }],
        }),
      ),
    );
    const posted = results.filter((r) => r.ok && !r.value.replayed);
    expect(posted).toHaveLength(1);
    const winner = posted[0]!.ok ? posted[0]!.value.movement[0]!.bookNo : '';
    for (const r of results) {
      if (r.ok) expect(r.value.movement[0]!.bookNo).toBe(winner);
      else
        expect(r.error).toMatchObject({
          status: 409,
          code: 'bonded.id_conflict',
          details: { differs: ['bookId'] },
        });
    }
    const total = (await f.bonded.stock(a!))[0]!.quantity + (await f.bonded.stock(b!))[0]!.quantity;
    expect(total).toBe(5);
  });
});
