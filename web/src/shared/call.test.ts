import { describe, expect, it } from 'vitest';
import { Refusal } from './call';

describe('Refusal.at', () => {
  const r = new Refusal(400, 'invalid', [
    { field: 'lines.0.quantity', code: 'stock.negative', message: 'stock would go below zero' },
    { field: 'body.hysteresisC', code: 'too_big', message: 'at most 5' },
  ]);
  it('finds a field itself, one nested under it, and the same name inside a request part', () => {
    expect(r.at('lines.0.quantity')).toBe('stock would go below zero');
    expect(r.at('lines.0')).toBe('stock would go below zero');
    expect(r.at('hysteresisC')).toBe('at most 5');
  });
  it('answers undefined for a field without a reason (no partial-name match)', () => {
    expect(r.at('lines.1')).toBeUndefined();
    expect(r.at('quantity.x')).toBeUndefined();
    expect(r.at('hysteresis')).toBeUndefined();
  });
});
