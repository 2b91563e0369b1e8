/**
 * An exclusive lock on the embedded data directory. PGlite is single-process: a second process that
 * opened the same files would corrupt them, so the second `lugang start` is refused at once with a
 * clear message naming the holder. A lock left by a crashed process (its pid no longer alive) is
 * taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data directory ${dir} is in use by another Lugang process (pid ${holderPid}). ` +
        `Stop that process first, or set LUGANG_DATA_DIR to another directory. ` +
        `/ 数据目录 ${dir} 正被另一个陆港进程（pid ${holderPid}）使用；请先停止该进程，或用 LUGANG_DATA_DIR 指定其他目录。`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string, pid = process.pid): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lugang.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            if (Number(readFileSync(path, 'utf8').trim()) === pid) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path, 'utf8').trim());
      } catch {
        continue; // removed between our open and read: try again
      }
      if (alive(holder)) throw new DataDirLockedError(dir, holder);
      try {
        unlinkSync(path); // stale lock of a dead process
      } catch {
        // another process took it over first; the next attempt decides
      }
    }
  }
  throw new Error(`Could not take the lock ${path} after 3 attempts`);
}
