import { describe, expect, it } from 'vitest';
import { matchPage, PAGES } from './pages';

describe('matchPage', () => {
  it('finds every page by its path, with or without a trailing slash', () => {
    for (const p of PAGES) {
      expect(matchPage(p.path)?.id).toBe(p.id);
      expect(matchPage(`${p.path}/`)?.id).toBe(p.id);
    }
  });
  it('treats /, /overview and /index.html as the overview', () => {
    expect(matchPage('/')?.id).toBe('overview');
    expect(matchPage('/overview')?.id).toBe('overview');
    expect(matchPage('/index.html')?.id).toBe('overview');
  });
  it('ignores query and hash, and answers null for unknown paths', () => {
    expect(matchPage('/ports?lang=en')?.id).toBe('ports');
    expect(matchPage('/nowhere')).toBeNull();
    expect(matchPage('/ports/extra')).toBeNull();
  });
  it('has nine pages with distinct paths', () => {
    expect(PAGES).toHaveLength(9);
    expect(new Set(PAGES.map((p) => p.path)).size).toBe(9);
  });
});
