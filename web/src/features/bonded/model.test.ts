import { describe, expect, it } from 'vitest';
import { newMovementId } from './api';
import { disagreeing, emptyLine, itemsFor, type MovementForm, mayPost, requestOf } from './model';

const form: MovementForm = {
  id: 'WEB-1',
  type: 'entry',
  lines: [{ key: 1, seqNo: '1', quantity: '1 200', toSeqNo: '' }, emptyLine()],
  toBookId: '',
  reverses: '',
  supervisionMode: ' 5000 ',
  transportMode: '3',
  port: '',
  note: '',
};

describe('bonded movement form', () => {
  it('turns the form into a request: whole numbers, empty lines and fields left out', () => {
    expect(requestOf(form)).toEqual({
      id: 'WEB-1',
      type: 'entry',
      lines: [{ seqNo: 1, quantity: 1200 }],
      declaration: { supervisionMode: '5000', transportMode: '3' },
    });
  });

  it('keeps what is not a whole number as typed so the server names that field', () => {
    const r = requestOf({ ...form, lines: [{ key: 1, seqNo: '1', quantity: '2.5', toSeqNo: '' }] });
    expect(r.lines?.[0]?.quantity).toBe('2.5');
  });

  it('sends the receiving book and item of a transfer, and only the id of a reversal', () => {
    expect(
      requestOf({
        ...form,
        type: 'transfer',
        toBookId: ' t65010000002 ',
        lines: [{ key: 1, seqNo: '1', quantity: '5', toSeqNo: '2' }],
      }),
    ).toMatchObject({ toBookId: 'T65010000002', lines: [{ seqNo: 1, quantity: 5, toSeqNo: 2 }] });
    const rev = requestOf({ ...form, type: 'reversal', reverses: ' WEB-0 ' });
    expect(rev).toMatchObject({ type: 'reversal', reverses: 'WEB-0' });
    expect(rev.lines).toBeUndefined();
  });

  it('finds items whose book balance and ledger sum differ', () => {
    const item = {
      seqNo: 1,
      hsCode: '390410',
      names: { zh: '', en: '' },
      unit: 'kg',
      kind: 'material',
      bom: [],
    };
    expect(
      disagreeing([
        { ...item, quantity: 5, ledgerQuantity: 5 },
        { ...item, seqNo: 2, quantity: 5, ledgerQuantity: 4 },
      ] as never).map((i) => i.seqNo),
    ).toEqual([2]);
    expect(
      itemsFor('processing', [
        item,
        { ...item, seqNo: 3, kind: 'product', bom: [{ materialSeqNo: 1, perUnit: 2 }] },
      ] as never).map((i) => i.seqNo),
    ).toEqual([3]);
  });

  it('lets customs post anywhere and an enterprise only to its own book', () => {
    expect(mayPost({ organizationId: 'x', roles: ['customs-officer'] }, { organizationId: 'ent-a' })).toBe(
      true,
    );
    expect(mayPost({ organizationId: 'ent-a', roles: ['enterprise'] }, { organizationId: 'ent-a' })).toBe(
      true,
    );
    expect(mayPost({ organizationId: 'ent-b', roles: ['enterprise'] }, { organizationId: 'ent-a' })).toBe(
      false,
    );
    expect(mayPost({ organizationId: 'ent-a', roles: ['management'] }, { organizationId: 'ent-a' })).toBe(
      false,
    );
  });

  it('makes movement ids the server accepts, different each time', () => {
    const a = newMovementId(new Date('2026-11-26T06:40:00Z'), () => 0.5);
    expect(a).toMatch(/^WEB-20261126064000-[0-9a-z]{6}$/);
    expect(a).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/);
    expect(newMovementId()).not.toBe(newMovementId());
  });
});
