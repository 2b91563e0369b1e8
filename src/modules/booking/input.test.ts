// Booking validation (pure): every broken rule reported with its field; properties over generated rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import { fail, ok } from '../../domain/result';
import { type BookingContext, checkBooking, type RawBooking, sameBooking } from './input';

const ctx: BookingContext = {
  lookupHs: (code, field) =>
    ['8471', '847130', '0808'].includes(code.replace(/\D/g, ''))
      ? ok({ code: code.replace(/\D/g, '') })
      : fail({ field, code: 'hs.unknown', message: { en: 'unknown', zh: '未知' } }),
  routesByDestination: new Map([
    ['DEDUI', ['URM-DUI']],
    ['PLLOD', ['URM-LOD']],
  ]),
  origins: new Set(['CNURM-AC']),
  organizations: new Set(['fwd-a', 'ship-a']),
};

const box = (serial: number) => {
  const first10 = `CSQU${String(serial).padStart(6, '0')}`;
  return `${first10}${computeCheckDigit(first10) % 10}`;
};

const good: RawBooking = {
  reference: 'R-1',
  containers: [{ sizeType: '42G1', numbers: [box(1), box(2)] }],
  grossKg: '40 000',
  hsCode: '8471.30',
  destination: 'dedui',
  readyDate: '2026-12-01',
  dueDate: '2026-12-20',
};

const fieldsOf = (raw: RawBooking) => {
  const r = checkBooking(raw, ctx);
  return r.ok ? [] : r.violations.map((v) => v.field);
};

describe('checkBooking', () => {
  it('normalizes a valid booking: TEU, defaults, eligible routes', () => {
    const r = checkBooking(good, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      teu: 4,
      containerCount: 2,
      grossKg: 40_000,
      hsCode: '847130',
      origin: 'CNURM-AC',
      destination: 'DEDUI',
      eligibleRoutes: ['URM-DUI'],
      priority: 3,
      customsMode: 'general',
      status: 'confirmed',
    });
  });

  it('names each bad field', () => {
    expect(fieldsOf({ ...good, reference: '' })).toEqual(['reference']);
    expect(
      fieldsOf({ ...good, grossKg: 20_000, containers: [{ sizeType: '42G1', numbers: ['CSQU3054384'] }] }),
    ).toEqual(['containers.0.numbers.0']);
    expect(fieldsOf({ ...good, containers: [{ sizeType: '42G1', numbers: [box(1), box(1)] }] })).toEqual([
      'containers.0.numbers.1',
    ]);
    expect(fieldsOf({ ...good, containers: [{ sizeType: '42G1', count: 3, numbers: [box(1)] }] })).toEqual([
      'containers.0.count',
    ]);
    expect(fieldsOf({ ...good, containers: [{ sizeType: '42G1' }] })).toEqual(['containers.0.count']);
    expect(fieldsOf({ ...good, grossKg: -1 })).toEqual(['grossKg']);
    expect(fieldsOf({ ...good, grossKg: '12.5' })).toEqual(['grossKg']);
    expect(fieldsOf({ ...good, grossKg: 100_000 })).toEqual(['grossKg']); // > 32.5 t a box
    expect(fieldsOf({ ...good, hsCode: '9999' })).toEqual(['hsCode']);
    expect(fieldsOf({ ...good, dgUn: '1230' })).toEqual(['dg.class']);
    expect(fieldsOf({ ...good, dgUn: '12', dgClass: '3' })).toEqual(['dg.un']);
    expect(fieldsOf({ ...good, reeferSetpointC: -18 })).toEqual(['reeferSetpointC']); // dry box
    expect(fieldsOf({ ...good, containers: [{ sizeType: '45R1', count: 1 }], grossKg: 20_000 })).toEqual([
      'reeferSetpointC',
    ]);
    expect(fieldsOf({ ...good, destination: 'XXNOPE' })).toEqual(['destination']);
    expect(fieldsOf({ ...good, origin: 'CNXIA' })).toEqual(['origin']);
    expect(fieldsOf({ ...good, readyDate: '2026-12-21' })).toEqual(['dueDate']);
    expect(fieldsOf({ ...good, dueDate: '2026-02-30' })).toEqual(['dueDate']);
    expect(fieldsOf({ ...good, priority: 0 })).toEqual(['priority']);
    expect(fieldsOf({ ...good, customsMode: 'barter' })).toEqual(['customsMode']);
    expect(fieldsOf({ ...good, status: 'cancelled' })).toEqual(['status']);
    expect(fieldsOf({ ...good, shipperOrg: 'nobody' })).toEqual(['shipperOrg']);
    expect(fieldsOf({ ...good, reference: '', destination: '', hsCode: '' }).sort()).toEqual([
      'destination',
      'hsCode',
      'reference',
    ]);
  });

  it('accepts Chinese customs modes and statuses, reefer setpoints on reefers', () => {
    const r = checkBooking(
      {
        ...good,
        containers: [{ sizeType: '45R1', count: '1' }],
        grossKg: 20_000,
        reeferSetpointC: '-18.0 °C',
        customsMode: '保税',
        status: '草稿',
      },
      ctx,
    );
    expect(r.ok && r.value).toMatchObject({
      reeferSetpointC: -18,
      customsMode: 'bonded',
      status: 'draft',
      teu: 2,
    });
  });

  it('never throws; every violation names a field and both languages', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', ' ', '42G1', '22G1', 'DEDUI', '2026-12-01', '8471', '-5', '1e3'),
    );
    fc.assert(
      fc.property(
        fc.record({
          reference: text,
          containers: fc.array(
            fc.record({
              sizeType: text,
              count: fc.oneof(text, fc.integer()),
              numbers: fc.array(text, { maxLength: 3 }),
            }),
            { maxLength: 3 },
          ),
          grossKg: fc.oneof(text, fc.integer(), fc.double()),
          hsCode: text,
          dgUn: text,
          dgClass: text,
          reeferSetpointC: fc.oneof(text, fc.double()),
          destination: text,
          readyDate: text,
          dueDate: text,
          priority: fc.oneof(text, fc.integer()),
          customsMode: text,
          status: text,
        }),
        (raw) => {
          const r = checkBooking(raw, ctx);
          if (r.ok) return r.value.grossKg > 0 && r.value.teu > 0 && r.value.dueDate >= r.value.readyDate;
          return (
            r.violations.length > 0 &&
            r.violations.every((v) => v.field !== '' && v.message.en !== '' && v.message.zh !== '')
          );
        },
      ),
    );
  });

  it('a valid booking is the same as itself re-checked from its own normalized fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 30_000 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        (count, kgPerBox, slack, priority) => {
          const raw: RawBooking = {
            ...good,
            containers: [{ sizeType: '22G1', count }],
            grossKg: count * kgPerBox,
            dueDate: `2026-12-${String(1 + slack).padStart(2, '0')}`,
            priority,
          };
          const a = checkBooking(raw, ctx);
          if (!a.ok) return false;
          const b = checkBooking(
            { ...a.value, containers: a.value.containers, dgUn: null, dgClass: null },
            ctx,
          );
          return (
            b.ok &&
            sameBooking(a.value, b.value) &&
            !sameBooking(a.value, { ...b.value, grossKg: b.value.grossKg + 1 })
          );
        },
      ),
    );
  });
});
