import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookOfList, clearanceOf, declarationNo, nextState, reviewReason } from './clearance';

const BOXES = ['CSQU3054383', 'MSKU9070323', 'TGHU1234560'];

describe('clearance follows the events', () => {
  it('scan, inspection, released when every box is released', () => {
    expect(clearanceOf(BOXES, [])).toBe('submitted');
    expect(clearanceOf(BOXES, [{ code: 'CUSS', equipment: BOXES[0]! }])).toBe('scan');
    expect(
      clearanceOf(BOXES, [
        { code: 'CUSS', equipment: BOXES[0]! },
        { code: 'CUSI', equipment: BOXES[1]! },
      ]),
    ).toBe('inspection');
    const two = BOXES.slice(0, 2).map((b) => ({ code: 'CUSR', equipment: b }));
    expect(clearanceOf(BOXES, two)).toBe('submitted');
    expect(clearanceOf(BOXES, [...two, { code: 'CUSR', equipment: BOXES[2]! }])).toBe('released');
    expect(clearanceOf([], [{ code: 'CUSR', equipment: null }])).toBe('released');
    expect(clearanceOf(BOXES, [{ code: 'CUSI', equipment: 'OTHR0000000' }])).toBe('submitted');
  });

  it('order and duplicates do not matter; more events never move the state back', () => {
    const rank = { submitted: 0, scan: 1, inspection: 2, released: 3 } as const;
    const ev = fc.record({
      code: fc.constantFrom('CUSS', 'CUSI', 'CUSR'),
      equipment: fc.constantFrom(...BOXES),
    });
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 12 }), fc.array(ev, { maxLength: 6 }), (a, more) => {
        const s = clearanceOf(BOXES, a);
        expect(clearanceOf(BOXES, [...a].reverse())).toBe(s);
        expect(clearanceOf(BOXES, [...a, ...a])).toBe(s);
        const after = clearanceOf(BOXES, [...a, ...more]);
        if (s === 'released') expect(after).toBe('released');
        if (after !== 'released')
          expect(rank[after]).toBeGreaterThanOrEqual(rank[s === 'released' ? 'submitted' : s]);
      }),
    );
  });

  it('a retracted event no longer counts: a retracted release no longer releases', () => {
    const all = BOXES.map((b) => ({ code: 'CUSR', equipment: b }));
    expect(clearanceOf(BOXES, all)).toBe('released');
    const one = all.map((e, i) => (i === 1 ? { ...e, retracted: true } : e));
    expect(clearanceOf(BOXES, one)).toBe('submitted');
    expect(clearanceOf(BOXES, [...one, { code: 'CUSI', equipment: BOXES[1]!, retracted: true }])).toBe(
      'submitted',
    );
    expect(clearanceOf(BOXES, [...one, { code: 'CUSS', equipment: BOXES[1]! }])).toBe('scan');
    expect(clearanceOf([], [{ code: 'CUSR', equipment: null, retracted: true }])).toBe('submitted');
  });

  it('after a deduction a retracted release goes to review, never silently back', () => {
    const released = BOXES.map((b) => ({ code: 'CUSR', equipment: b }));
    const retracted = released.map((e, i) => (i === 0 ? { ...e, retracted: true } : e));
    expect(nextState('released', BOXES, retracted, false)).toBe('submitted');
    expect(nextState('released', BOXES, retracted, true)).toBe('review');
    expect(nextState('review', BOXES, [...retracted, { code: 'CUSR', equipment: BOXES[0]! }], true)).toBe(
      'released',
    );
    expect(nextState('rejected', BOXES, released, true)).toBe('rejected');
    expect(nextState('scan', BOXES, released, false)).toBe('released');
    const why = reviewReason([{ code: 'CUSR', eventId: 'gate-e2' }]);
    expect(why.en).toContain('gate-e2');
    expect(why.zh).toContain('撤回');
  });

  it('with retractions the state depends on the set of events, not their order', () => {
    const ev = fc.record({
      code: fc.constantFrom('CUSS', 'CUSI', 'CUSR'),
      equipment: fc.constantFrom(...BOXES),
      retracted: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 12 }), fc.boolean(), (a, deducted) => {
        const s = nextState('submitted', BOXES, a, deducted);
        expect(nextState('submitted', BOXES, [...a].reverse(), deducted)).toBe(s);
        // what stands decides: dropping the retracted ones changes nothing
        expect(
          nextState(
            'submitted',
            BOXES,
            a.filter((e) => !e.retracted),
            deducted,
          ),
        ).toBe(s);
        if (deducted) expect(['released', 'review']).toContain(s);
      }),
    );
  });

  it('numbers', () => {
    expect(declarationNo('7601', 2026, 'import', 42)).toBe('760120261000000042');
    expect(declarationNo('7601', 2026, 'export', 1)).toHaveLength(18);
    expect(bookOfList('QDT65010000001000001')).toBe('T65010000001');
    expect(bookOfList('QD123')).toBeNull();
  });
});
