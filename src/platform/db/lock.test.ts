import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock';

const tmp = () => mkdtempSync(join(tmpdir(), 'lugang-lock-'));

describe('lockDataDir', () => {
  it('refuses a second holder while the first lives, and frees on release', () => {
    const dir = tmp();
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/in use by another Lugang process \(pid \d+\)/);
    first.release();
    expect(existsSync(first.path)).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over the lock of a process that died', async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, 'lugang.lock'), `${deadPid}\n`);
    const lock = lockDataDir(dir);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
  });
});
