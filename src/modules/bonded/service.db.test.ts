import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import type { MovementRequest } from './service';
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

const rail = { supervisionMode: '5000', transportMode: '3', port: '7601' };

async function post(r: MovementRequest) {
  const res = await f.bonded.post(null, r);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message.en}`);
  return res.value;
}

async function stockOf(book: string) {
  const rows = await f.bonded.stock(book);
  for (const r of rows) expect(r.quantity, `item ${r.seq_no}`).toBe(r.ledger_quantity);
  return Object.fromEntries(rows.map((r) => [r.seq_no, r.quantity]));
}

describe('bonded ledger', () => {
  it('enters, processes, transfers, releases, exports and adjusts with cached = ledger stock', async () => {
    const [a, b] = await freshBooks(f);
    const entry = await post({
      id: 'e1',
      bookId: a!,
      type: 'entry',
      lines: [
        { seqNo: 1, quantity: 100 },
        { seqNo: 2, quantity: 40 },
      ],
      declaration: rail,
    });
    expect(entry.replayed).toBe(false);
    const list = entry.movement[0]!;
    expect(list).toMatchObject({
      type: 'entry',
      bookNo: a,
      bookSeq: 1,
      deductionStatus: 1,
      declaration: rail,
    });
    expect(list.listNo).toBe(`QD${a}000001`);
    expect(list.lines).toEqual([
      { seqNo: 1, goodsKind: 'material', quantity: 100 },
      { seqNo: 2, goodsKind: 'material', quantity: 40 },
    ]);
    await post({ id: 'p1', bookId: a!, type: 'processing', lines: [{ seqNo: 3, quantity: 10 }] });
    expect(await stockOf(a!)).toEqual({ 1: 80, 2: 30, 3: 10 });
    const tr = await post({
      id: 't1',
      bookId: a!,
      type: 'transfer',
      toBookId: b!,
      lines: [{ seqNo: 3, quantity: 4 }],
    });
    expect(tr.movement.map((m) => [m.id, m.bookNo, m.role])).toEqual([
      ['t1', a, 'primary'],
      ['t1#in', b, 'counterpart'],
    ]);
    expect(tr.movement.map((m) => m.transfer)).toEqual([
      { fromBookNo: a, toBookNo: b },
      { fromBookNo: a, toBookNo: b },
    ]);
    await post({ id: 'r1', bookId: b!, type: 'release', lines: [{ seqNo: 3, quantity: 1 }] });
    await post({ id: 'x1', bookId: a!, type: 'export', lines: [{ seqNo: 3, quantity: 6 }] });
    await post({ id: 'adj1', bookId: a!, type: 'adjustment', lines: [{ seqNo: 1, quantity: -3 }] });
    expect(await stockOf(a!)).toEqual({ 1: 77, 2: 30, 3: 0 });
    expect(await stockOf(b!)).toEqual({ 1: 0, 2: 0, 3: 3 });
    const book = await f.bonded.getBook(null, a!);
    expect(book.ok && book.value.items.map((i) => i.quantity)).toEqual([77, 30, 0]);
    const v = await f.bonded.verify(null, a!);
    expect(v.ok && v.value).toMatchObject({ intact: true, rows: 5, problems: [] });
  });

  it('refuses to take stock below zero and names the item, what is there and what was asked', async () => {
    const [a] = await freshBooks(f, 1);
    await post({ id: 'neg-e', bookId: a!, type: 'entry', lines: [{ seqNo: 1, quantity: 5 }] });
    const res = await f.bonded.post(null, {
      id: 'neg-r',
      bookId: a!,
      type: 'release',
      lines: [{ seqNo: 1, quantity: 6 }],
    });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error).toMatchObject({
        status: 422,
        code: 'bonded.insufficient_stock',
        details: { available: 5, requested: 6 },
      });
      expect(res.error.message.zh).toContain('库存不能为负');
    }
    const p = await f.bonded.post(null, {
      id: 'neg-p',
      bookId: a!,
      type: 'processing',
      lines: [{ seqNo: 3, quantity: 3 }],
    });
    expect(!p.ok && p.error.code).toBe('bonded.insufficient_stock');
    expect(await stockOf(a!)).toEqual({ 1: 5, 2: 0, 3: 0 });
  });

  it('posts a retry once, and refuses the same id with other content naming the difference', async () => {
    const [a] = await freshBooks(f, 1);
    const req: MovementRequest = {
      id: 'same-1',
      bookId: a!,
      type: 'entry',
      lines: [{ seqNo: 2, quantity: 7 }],
    };
    const first = await post(req);
    const again = await post({ ...req, lines: [{ seqNo: 2, quantity: 7 }] });
    expect(again.replayed).toBe(true);
    expect(again.movement[0]!.hash).toBe(first.movement[0]!.hash);
    expect(await stockOf(a!)).toMatchObject({ 2: 7 });
    const other = await f.bonded.post(null, { ...req, lines: [{ seqNo: 2, quantity: 8 }] });
    expect(!other.ok && other.error).toMatchObject({
      status: 409,
      code: 'bonded.id_conflict',
      details: { differs: ['lines'] },
    });
    expect(await stockOf(a!)).toMatchObject({ 2: 7 });
  });

  it('corrects by reversal, once, and never below zero', async () => {
    const [a, b] = await freshBooks(f);
    await post({ id: 'rv-e', bookId: a!, type: 'entry', lines: [{ seqNo: 1, quantity: 10 }] });
    await post({
      id: 'rv-t',
      bookId: a!,
      type: 'transfer',
      toBookId: b!,
      lines: [{ seqNo: 1, toSeqNo: 2, quantity: 6 }],
    });
    // reversing the entry would leave item 1 at -6
    const early = await f.bonded.post(null, { id: 'rv-1', bookId: a!, type: 'reversal', reverses: 'rv-e' });
    expect(!early.ok && early.error.code).toBe('bonded.insufficient_stock');
    const undo = await post({ id: 'rv-2', bookId: a!, type: 'reversal', reverses: 'rv-t' });
    expect(undo.movement).toHaveLength(2);
    expect(await stockOf(a!)).toMatchObject({ 1: 10 });
    expect(await stockOf(b!)).toMatchObject({ 2: 0 });
    const twice = await f.bonded.post(null, { id: 'rv-3', bookId: a!, type: 'reversal', reverses: 'rv-t' });
    expect(!twice.ok && twice.error.code).toBe('bonded.already_reversed');
    for (const id of [a!, b!]) expect((await f.bonded.verify(null, id)).ok).toBe(true);
  });

  it('moves the deduction status along its allowed transitions only', async () => {
    const [a] = await freshBooks(f, 1);
    const e = await post({ id: 'st-e', bookId: a!, type: 'entry', lines: [{ seqNo: 1, quantity: 1 }] });
    const listNo = e.movement[0]!.listNo;
    const bad = await f.bonded.setDeductionStatus(listNo, 3);
    expect(!bad.ok && bad.error).toMatchObject({ status: 409, code: 'bonded.status_transition' });
    const dd = await f.bonded.setDeductionStatus(listNo, 2, 'customs');
    expect(dd.ok && dd.value.deductionStatus).toBe(2);
    const wo = await f.bonded.setDeductionStatus('st-e', 3);
    expect(wo.ok && wo.value.deductionStatusNames.zh).toBe('已核销');
    // the chain covers movements and postings, not the status history
    expect((await f.bonded.verify(null, a!)).ok).toBe(true);
  });
});

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of postings, movements and status history', async () => {
    const [a] = await freshBooks(f, 1);
    await post({ id: 'ao-e', bookId: a!, type: 'entry', lines: [{ seqNo: 1, quantity: 3 }] });
    const attempts = [
      sql`UPDATE bonded_postings SET delta = delta + 1 WHERE movement_id = 'ao-e'`,
      sql`DELETE FROM bonded_postings WHERE movement_id = 'ao-e'`,
      sql`UPDATE bonded_movements SET recorded_by = 'x' WHERE id = 'ao-e'`,
      sql`DELETE FROM bonded_movements WHERE id = 'ao-e'`,
      sql`UPDATE bonded_list_status SET status = 2 WHERE movement_id = 'ao-e'`,
      sql`DELETE FROM bonded_list_status`,
      sql`TRUNCATE bonded_postings`,
      sql`TRUNCATE bonded_movements CASCADE`,
    ];
    for (const q of attempts) {
      await expect(q.execute(t.db)).rejects.toThrow(/append-only/);
    }
    expect(await stockOf(a!)).toMatchObject({ 1: 3 });
    expect((await f.bonded.verify(null, a!)).ok && (await f.bonded.verify(null, a!))).toMatchObject({
      value: { intact: true },
    });
  });

  it('keeps the cached balance at or above zero by a CHECK', async () => {
    const [a] = await freshBooks(f, 1);
    await expect(
      sql`UPDATE bonded_balances SET quantity = -1 WHERE book_id = ${a!}`.execute(t.db),
    ).rejects.toThrow();
  });
});

describe('the chain check finds tampering done around the trigger', () => {
  async function tamper(table: string, statement: ReturnType<typeof sql>) {
    await sql`ALTER TABLE ${sql.id(table)} DISABLE TRIGGER ${sql.id(`${table}_no_change`)}`.execute(t.db);
    try {
      await statement.execute(t.db);
    } finally {
      await sql`ALTER TABLE ${sql.id(table)} ENABLE TRIGGER ${sql.id(`${table}_no_change`)}`.execute(t.db);
    }
  }

  async function bookWithThree() {
    const [a] = await freshBooks(f, 1);
    const p = `tp${a}`;
    await post({ id: `${p}-1`, bookId: a!, type: 'entry', lines: [{ seqNo: 1, quantity: 10 }] });
    await post({ id: `${p}-2`, bookId: a!, type: 'release', lines: [{ seqNo: 1, quantity: 4 }] });
    await post({ id: `${p}-3`, bookId: a!, type: 'export', lines: [{ seqNo: 1, quantity: 1 }] });
    const v = await f.bonded.verify(null, a!);
    expect(v.ok && v.value.intact).toBe(true);
    return { a: a!, p };
  }

  const kinds = async (book: string) => {
    const v = await f.bonded.verify(null, book);
    if (!v.ok) throw new Error('verify failed');
    expect(v.value.intact).toBe(false);
    return v.value.problems.map((x) => `${x.kind}@${x.bookSeq}`);
  };

  it('an edited posting', async () => {
    const { a, p } = await bookWithThree();
    await tamper(
      'bonded_postings',
      sql`UPDATE bonded_postings SET delta = -2 WHERE movement_id = ${`${p}-2`} AND account = 'stock'`,
    );
    expect(await kinds(a)).toContain('content@2');
  });

  it('an edited movement (its request)', async () => {
    const { a, p } = await bookWithThree();
    await tamper(
      'bonded_movements',
      sql`UPDATE bonded_movements SET request = jsonb_set(request, '{note}', '"x"') WHERE id = ${`${p}-1`}`,
    );
    expect(await kinds(a)).toContain('content@1');
  });

  it('an edited hash is a broken link', async () => {
    const { a, p } = await bookWithThree();
    await tamper(
      'bonded_movements',
      sql`UPDATE bonded_movements SET hash = ${'f'.repeat(64)} WHERE id = ${`${p}-2`}`,
    );
    expect(await kinds(a)).toEqual(expect.arrayContaining(['link@2', 'link@3']));
  });

  it('a deleted row in the middle, and the last row', async () => {
    const { a, p } = await bookWithThree();
    for (const table of ['bonded_list_status', 'bonded_postings'])
      await tamper(table, sql`DELETE FROM ${sql.id(table)} WHERE movement_id = ${`${p}-2`}`);
    await tamper('bonded_movements', sql`DELETE FROM bonded_movements WHERE id = ${`${p}-2`}`);
    expect(await kinds(a)).toEqual(expect.arrayContaining(['gap@2', 'link@3']));
    const [b] = await freshBooks(f, 1);
    await post({ id: `${b}-only`, bookId: b!, type: 'entry', lines: [{ seqNo: 2, quantity: 1 }] });
    for (const table of ['bonded_list_status', 'bonded_postings'])
      await tamper(table, sql`DELETE FROM ${sql.id(table)} WHERE movement_id = ${`${b}-only`}`);
    await tamper('bonded_movements', sql`DELETE FROM bonded_movements WHERE id = ${`${b}-only`}`);
    expect(await kinds(b!)).toEqual(['head@1']);
  });
});
