import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPARISONS,
  checkAnnual,
  chinaYear,
  compareRecords,
  DEFAULT_LIMITS,
  evaluate,
  isValidResidentId,
  mask,
} from './rules';
import { BUYER_ID, matchingRecords, residentId } from './testing';

describe('三单对碰', () => {
  it('records that agree match, in every mode', () => {
    for (const mode of ['1210', '9610', '9710', '9810'] as const) {
      const r = matchingRecords('A1', { mode });
      expect(compareRecords(r)).toEqual([]);
      expect(evaluate(r, DEFAULT_LIMITS).state).toBe('pass');
    }
  });

  it('changing any one compared field names exactly the comparisons of that field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: COMPARISONS.length - 1 }), (i) => {
        const c = COMPARISONS[i]!;
        const r = matchingRecords('B1') as unknown as Record<string, Record<string, unknown>>;
        const rec = r[c.b[0]]!;
        const v = rec[c.b[1]];
        rec[c.b[1]] = typeof v === 'number' ? v + 1 : c.b[1].endsWith('IdType') ? '2' : `${String(v)}X`;
        const m = compareRecords(r as never);
        const expected = COMPARISONS.filter((x) => x.b[0] === c.b[0] && x.b[1] === c.b[1]).map(
          (x) => `${x.b[0]}.${x.b[1]}`,
        );
        expect(m.map((x) => x.field)).toEqual(expected);
        for (const x of m) {
          expect(x.message.en.length).toBeGreaterThan(0);
          expect(x.message.zh).toMatch(/[\u4e00-\u9fff]/);
        }
      }),
    );
  });

  it('a mismatch rejects with the rule and the fields; identity numbers only masked', () => {
    const r = matchingRecords('C1');
    r.payment.amountPaidMinor += 100;
    r.payment.payerIdNumber = residentId('65010219900101999');
    const ev = evaluate(r, DEFAULT_LIMITS);
    expect(ev.state).toBe('rejected');
    if (ev.state !== 'rejected') return;
    expect(ev.rejection.rule).toBe('ecommerce.mismatch');
    expect(ev.rejection.mismatches!.map((m) => m.field).sort()).toEqual([
      'payment.amountPaidMinor',
      'payment.payerIdNumber',
    ]);
    expect(JSON.stringify(ev.rejection)).not.toContain(BUYER_ID);
  });

  it('waits for the records a mode needs: import three, export order + logistics', () => {
    const r = matchingRecords('D1');
    expect(evaluate({ order: r.order, logistics: r.logistics }, DEFAULT_LIMITS)).toEqual({
      state: 'incomplete',
      missing: ['payment'],
    });
    expect(evaluate({ payment: r.payment }, DEFAULT_LIMITS)).toEqual({
      state: 'incomplete',
      missing: ['order', 'logistics'],
    });
    const e = matchingRecords('D2', { mode: '9710' });
    expect(evaluate({ order: e.order, logistics: e.logistics }, DEFAULT_LIMITS).state).toBe('pass');
  });
});

describe('order sums, identity, limits', () => {
  it('an order that does not add up names the rule', () => {
    const r = matchingRecords('E1');
    r.order.actualPaidMinor -= 1;
    r.payment.amountPaidMinor -= 1;
    const ev = evaluate(r, DEFAULT_LIMITS);
    expect(ev.state === 'rejected' && ev.rejection.rule).toBe('ecommerce.order.actual_paid');
  });

  it('GB 11643 check character', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId(BUYER_ID)).toBe(true);
    const r = matchingRecords('E2', { buyerId: '110105194912310021' });
    const ev = evaluate(r, DEFAULT_LIMITS);
    expect(ev.state === 'rejected' && ev.rejection.rule).toBe('ecommerce.buyer_id');
    expect(mask('110105194912310021')).toBe('110105********0021');
  });

  it('per-order limit applies to retail import only, on goods + freight', () => {
    const over = matchingRecords('F1', { goodsMinor: 4_990_00, freightMinor: 20_00 });
    const ev = evaluate(over, DEFAULT_LIMITS);
    expect(ev.state === 'rejected' && ev.rejection).toMatchObject({
      rule: 'ecommerce.quota.per_order',
      amountMinor: 5_010_00,
      limitMinor: 5_000_00,
    });
    const at = matchingRecords('F2', { goodsMinor: 4_980_00, freightMinor: 20_00 });
    expect(evaluate(at, DEFAULT_LIMITS).state).toBe('pass');
    const exp = matchingRecords('F3', { mode: '9810', goodsMinor: 90_000_00 });
    expect(evaluate(exp, DEFAULT_LIMITS).state).toBe('pass');
    expect(evaluate(over, { perOrderMinor: 6_000_00, annualMinor: 26_000_00 }).state).toBe('pass');
  });

  it('annual limit: rejects exactly when the amount exceeds what is left, and says what is left', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30_000_00 }),
        fc.integer({ min: 1, max: 5_000_00 }),
        (used, amount) => {
          const r = checkAnnual(amount, used, 2026, DEFAULT_LIMITS);
          const left = Math.max(0, 26_000_00 - used);
          if (amount <= left) expect(r).toBeNull();
          else
            expect(r).toMatchObject({
              rule: 'ecommerce.quota.annual',
              remainingMinor: left,
              usedMinor: used,
              year: 2026,
            });
        },
      ),
    );
  });

  it('the year is China’s calendar year', () => {
    expect(chinaYear('2026-12-31T16:30:00Z')).toBe(2027);
    expect(chinaYear('2026-12-31T15:59:59Z')).toBe(2026);
  });
});
