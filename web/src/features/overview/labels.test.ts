import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Box, type LabelRequest, overlaps, placeLabels, textWidth } from './labels';

const req = (id: string, x: number, y: number, priority = 1, text = id): LabelRequest => ({
  id,
  text,
  x,
  y,
  priority,
  fontSize: 12,
  gap: 6,
});

describe('textWidth', () => {
  it('counts CJK glyphs as one em and Latin narrower', () => {
    expect(textWidth('阿拉山口', 10)).toBeCloseTo(40);
    expect(textWidth('Almaty', 10)).toBeCloseTo(34.8);
  });
});

describe('placeLabels', () => {
  it('places a lone label to the right of its point', () => {
    const [l] = placeLabels([req('a', 100, 100)], 400, 300);
    expect(l?.anchor).toBe('start');
    expect(l?.x).toBeGreaterThan(100);
  });

  it('moves a label left when the right side would leave the map', () => {
    const [l] = placeLabels([req('Tashkent', 390, 100)], 400, 300);
    expect(l?.anchor).toBe('end');
    expect(l?.box.x1).toBeLessThanOrEqual(398);
  });

  it('gives the higher priority label the better spot and drops what cannot fit', () => {
    const placed = placeLabels(
      [req('low', 100, 100, 1, 'XXXXXXXXXX'), req('high', 100, 100, 9, 'YYYYYYYYYY')],
      400,
      300,
    );
    expect(placed[0]?.id).toBe('high');
    expect(placed[0]?.anchor).toBe('start');
    const crowded = Array.from({ length: 40 }, (_, i) => req(`c${i}`, 50, 50, i, 'crowded label'));
    expect(placeLabels(crowded, 120, 100).length).toBeLessThan(40);
  });

  it('keeps clear of obstacles', () => {
    const obstacle: Box = { x0: 105, y0: 80, x1: 300, y1: 120 };
    const [l] = placeLabels([req('a', 100, 100)], 400, 300, [obstacle]);
    expect(l && overlaps(l.box, obstacle)).toBe(false);
  });

  it('never overlaps two labels and keeps every label inside the map (property)', () => {
    const request = fc.record({
      x: fc.integer({ min: 0, max: 600 }),
      y: fc.integer({ min: 0, max: 400 }),
      priority: fc.integer({ min: 0, max: 100 }),
      text: fc.string({ minLength: 1, maxLength: 14 }),
    });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (rs) => {
        const placed = placeLabels(
          rs.map((r, i) => req(`r${i}`, r.x, r.y, r.priority, r.text)),
          600,
          400,
        );
        for (let i = 0; i < placed.length; i++) {
          const a = placed[i];
          if (!a) continue;
          expect(a.box.x0).toBeGreaterThanOrEqual(2);
          expect(a.box.y0).toBeGreaterThanOrEqual(2);
          expect(a.box.x1).toBeLessThanOrEqual(598);
          expect(a.box.y1).toBeLessThanOrEqual(398);
          for (let j = i + 1; j < placed.length; j++) {
            const b = placed[j];
            if (b) expect(overlaps(a.box, b.box)).toBe(false);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('is deterministic', () => {
    const rs = [req('a', 10, 10), req('b', 12, 12), req('c', 14, 30, 3)];
    expect(placeLabels(rs, 200, 200)).toEqual(placeLabels([...rs].reverse(), 200, 200));
  });
});
