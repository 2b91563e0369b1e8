import { describe, expect, it } from 'vitest';
import { refuse } from './refusal';

describe('refuse', () => {
  it('carries the status, the field, the code and the reason in both languages (details only when given)', () => {
    expect(refuse(404, 'id', 'x.unknown', 'no x 1', '没有 x 1')).toEqual({
      ok: false,
      error: { status: 404, field: 'id', code: 'x.unknown', message: { en: 'no x 1', zh: '没有 x 1' } },
    });
    expect(refuse(409, '', 'x.state', 'busy', '忙', { at: 'now' }).error.details).toEqual({ at: 'now' });
  });
});
