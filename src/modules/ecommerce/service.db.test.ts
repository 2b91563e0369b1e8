/**
 * E-commerce on both engines: records in any order, 三单对碰 with named fields, the per-order and
 * annual limits with the remaining quota (the done-when: a 1210 order over the annual limit
 * is rejected with the rule and the remaining quota), cancel/return by reversal, and two orders racing
 * for the last quota (on PostgreSQL they run on separate pooled connections).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { EcommerceRepository } from './repository';
import { EcommerceService } from './service';
import { matchingRecords, residentId } from './testing';

let t: TestDatabase;
let s: EcommerceService;
beforeAll(async () => {
  t = await openTestDatabase();
  s = new EcommerceService(new EcommerceRepository(t.db));
});
afterAll(async () => {
  await t?.close();
});

async function send(
  records: ReturnType<typeof matchingRecords>,
  kinds: ReadonlyArray<'order' | 'payment' | 'logistics'> = ['logistics', 'payment', 'order'],
) {
  let last: Awaited<ReturnType<EcommerceService['submit']>> | undefined;
  for (const k of kinds) last = await s.submit(null, records[k]);
  if (!last?.ok) throw new Error(JSON.stringify(last));
  return last.value.order;
}

describe('e-commerce orders', () => {
  it('records in any order: incomplete until the three are in, then cleared; a retry changes nothing', async () => {
    const r = matchingRecords('ORD-1', { buyerId: residentId('65010219850505001') });
    const a = await s.submit(null, r.payment);
    expect(a.ok && a.value.order).toMatchObject({ status: 'incomplete', missing: ['order', 'logistics'] });
    const b = await s.submit(null, r.logistics);
    expect(b.ok && b.value.order.missing).toEqual(['order']);
    const c = await s.submit(null, r.order);
    expect(c.ok && c.value.order).toMatchObject({
      status: 'cleared',
      mode: '1210',
      direction: 'import',
      amountMinor: 1_020_00,
    });
    const again = await s.submit(null, r.order);
    expect(again.ok && again.value.replayed).toBe(true);
    const changed = await s.submit(null, { ...r.payment, amountPaidMinor: 1 });
    expect(!changed.ok && changed.error.code).toBe('ecommerce.order_closed');
    const q = await s.quota(null, '1', residentId('65010219850505001'), 2026);
    expect(q).toMatchObject({
      usedMinor: 1_020_00,
      ledgerMinor: 1_020_00,
      remainingMinor: 26_000_00 - 1_020_00,
      orders: 1,
    });
  });

  it('a mismatch names the fields; a corrected record clears the order', async () => {
    const r = matchingRecords('ORD-2', { buyerId: residentId('65010219850505002') });
    const bad = { ...r.logistics, consignee: '李四', freightMinor: 30_00 };
    await s.submit(null, r.order);
    await s.submit(null, r.payment);
    const out = await s.submit(null, bad);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.order.status).toBe('rejected');
    expect(out.value.order.rule).toBe('ecommerce.mismatch');
    expect(out.value.order.rejection!.mismatches!.map((m) => m.field)).toEqual([
      'logistics.consignee',
      'logistics.freightMinor',
    ]);
    const fixed = await s.submit(null, r.logistics);
    expect(fixed.ok && fixed.value.order.status).toBe('cleared');
    expect(fixed.ok && fixed.value.order.history!.map((h) => h.status)).toEqual([
      'incomplete',
      'rejected',
      'cleared',
    ]);
  });

  it('done-when: a 1210 order over the annual limit is rejected with the rule and the remaining quota', async () => {
    const buyerId = residentId('65010219850505003');
    // five orders of CNY 4,980 + 20 = 5,000 use 25,000 of the 26,000
    for (let i = 0; i < 5; i++) {
      const o = await send(matchingRecords(`Y-${i}`, { buyerId, goodsMinor: 4_980_00 }));
      expect(o.status).toBe('cleared');
    }
    const over = await send(matchingRecords('Y-over', { buyerId, goodsMinor: 1_980_00 }));
    expect(over.status).toBe('rejected');
    expect(over.rejection).toMatchObject({
      rule: 'ecommerce.quota.annual',
      remainingMinor: 1_000_00,
      usedMinor: 25_000_00,
      limitMinor: 26_000_00,
      amountMinor: 2_000_00,
      year: 2026,
    });
    expect(over.rejection!.message.zh).toContain('剩余 1000.00 元');
    // the next year is a fresh quota
    const next = await send(
      matchingRecords('Y-2027', { buyerId, goodsMinor: 1_980_00, orderTime: '2027-01-02T09:00:00+08:00' }),
    );
    expect(next.status).toBe('cleared');
    // a return gives the quota back by a reversal entry; then the rejected one can be sent again and clears
    const first = (await s.list(null)).find((o) => o.orderNo === 'Y-0')!;
    const ret = await s.close(null, first.id, 'returned', 'damaged');
    expect(ret.ok && ret.value.status).toBe('returned');
    const q = await s.quota(null, '1', buyerId, 2026);
    expect(q).toMatchObject({ usedMinor: 20_000_00, ledgerMinor: 20_000_00, remainingMinor: 6_000_00 });
    expect(q.entries!.map((e) => e.kind)).toEqual(['use', 'use', 'use', 'use', 'use', 'release']);
    expect(q.entries![5]!.reverses).toBe(q.entries![0]!.id);
    const twice = await s.close(null, first.id, 'returned');
    expect(twice.ok).toBe(true);
    expect((await s.quota(null, '1', buyerId, 2026)).usedMinor).toBe(20_000_00);
    const r = matchingRecords('Y-over', { buyerId, goodsMinor: 1_980_00 });
    const again = await s.submit(null, {
      ...r.logistics,
      consigneeAddress: `${r.logistics.consigneeAddress} `,
    });
    expect(again.ok && again.value.order.status).toBe('cleared');
  });

  it('the quota ledger is append-only in the database', async () => {
    await expect(sql`DELETE FROM ecommerce_quota_entries`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE ecommerce_quota_entries SET delta_minor = 1`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('per-order limit names the rule', async () => {
    const o = await send(
      matchingRecords('P-1', { buyerId: residentId('65010219850505004'), goodsMinor: 5_000_00 }),
    );
    expect(o.rejection).toMatchObject({
      rule: 'ecommerce.quota.per_order',
      limitMinor: 5_000_00,
      amountMinor: 5_020_00,
    });
  });

  it('two orders racing for the last quota: exactly one clears', async () => {
    for (let round = 0; round < 3; round++) {
      const buyerId = residentId(`6501021980010${round}009`);
      for (let i = 0; i < 5; i++)
        await send(matchingRecords(`R${round}-${i}`, { buyerId, goodsMinor: 4_980_00 }));
      const a = matchingRecords(`R${round}-a`, { buyerId, goodsMinor: 980_00 });
      const b = matchingRecords(`R${round}-b`, { buyerId, goodsMinor: 980_00 });
      await send(a, ['logistics', 'payment']);
      await send(b, ['logistics', 'payment']);
      const [ra, rb] = await Promise.all([s.submit(null, a.order), s.submit(null, b.order)]);
      const statuses = [ra, rb].map((x) => (x.ok ? x.value.order.status : 'error')).sort();
      expect(statuses).toEqual(['cleared', 'rejected']);
      const loser = [ra, rb].find((x) => x.ok && x.value.order.status === 'rejected')!;
      expect(loser.ok && loser.value.order.rejection).toMatchObject({
        rule: 'ecommerce.quota.annual',
        remainingMinor: 0,
      });
      const q = await s.quota(null, '1', buyerId, 2026);
      expect(q).toMatchObject({ usedMinor: 26_000_00, ledgerMinor: 26_000_00, remainingMinor: 0, orders: 6 });
    }
  });
});
