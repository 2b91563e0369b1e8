/** `lugang bookings import` as a user runs it: the row report, exit 2 on refused rows, idempotent. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const dataDir = mkdtempSync(join(tmpdir(), 'lugang-bookings-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function lugang(args: string[], lang = 'en_US.UTF-8') {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/lugang.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LANG: lang, LUGANG_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lugang bookings import', () => {
  const file = join(ROOT, 'test/fixtures/bookings/bookings-planted-errors.xlsx');

  it('imports the good rows, reports each refused row with row and column, exits 2; again changes nothing', () => {
    const first = lugang(['bookings', 'import', file, '--org', 'port-operator', '--json']);
    expect(first.code, first.err).toBe(2);
    const report = JSON.parse(first.out) as { imported: number; rejected: { row: number; column: string }[] };
    expect(report.imported).toBe(3);
    expect(report.rejected).toContainEqual(expect.objectContaining({ row: 3, column: '箱号' }));
    const again = lugang(['bookings', 'import', file, '--org', 'port-operator'], 'zh_CN.UTF-8');
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/新增 0，更新 0，未变 3/);
    expect(again.out).toMatch(/第 3 行，列 箱号：CSQU3054384：校验位应为 3/);
  }, 180_000);

  it('exits 2 naming an unreadable file', () => {
    const r = lugang(['bookings', 'import', join(dataDir, 'missing.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read the file/);
  });
});
