import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInt8, parseTimestamp } from './parsers';

describe('parseTimestamp', () => {
  it('reads PostgreSQL text output with offsets', () => {
    expect(parseTimestamp('2026-11-26 04:01:34.902+00')).toBe('2026-11-26T04:01:34.902Z');
    expect(parseTimestamp('2026-11-26 10:01:34+06')).toBe('2026-11-26T04:01:34.000Z');
    expect(parseTimestamp('2026-11-26 04:01:34.123456+05:30')).toBe('2026-11-25T22:31:34.123Z');
    expect(parseTimestamp('2026-11-26 04:01:34')).toBe('2026-11-26T04:01:34.000Z');
  });
  it('round-trips any instant written the way PostgreSQL writes it', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          const pgText = `${iso.slice(0, 10)} ${iso.slice(11, 23)}+00`;
          expect(parseTimestamp(pgText)).toBe(iso);
        },
      ),
    );
  });
  it('rejects garbage', () => {
    expect(() => parseTimestamp('yesterday')).toThrow(/unrecognised/);
  });
});

describe('parseInt8', () => {
  it('returns safe integers and refuses the rest', () => {
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseInt8('9007199254740993')).toThrow(/safe integer/);
  });
});
