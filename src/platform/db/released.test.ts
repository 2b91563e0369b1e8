import { describe, expect, it } from 'vitest';
import { currentMigrations, readReleased, releaseViolations } from './released';

describe('released migrations', () => {
  it('are all still here, unchanged, and every new migration sorts after them', () => {
    expect(releaseViolations(readReleased(), currentMigrations())).toEqual([]);
  });

  it('names a renamed, an edited and an out-of-order migration', () => {
    const released = { '202601010000_a_init': 'h1', '202601020000_b_init': 'h2' };
    expect(
      releaseViolations(released, [
        { name: '202601010000_a_init', sha256: 'h1' },
        { name: '202601020000_b_init', sha256: 'h2' },
        { name: '202601030000_c_init', sha256: 'h3' },
      ]),
    ).toEqual([]);
    const v = releaseViolations(released, [
      { name: '202601010000_a_start', sha256: 'h1' },
      { name: '202601020000_b_init', sha256: 'changed' },
      { name: '202601011200_c_init', sha256: 'h3' },
    ]);
    expect(v).toHaveLength(4);
    expect(v[0]).toContain('202601010000_a_init is gone or renamed');
    expect(v[1]).toContain('202601020000_b_init was edited');
    // the renamed file is also a new one that sorts before the last released migration
    expect(v[2]).toContain('202601010000_a_start sorts before the last released one');
    expect(v[3]).toContain('202601011200_c_init sorts before the last released one');
  });
});
