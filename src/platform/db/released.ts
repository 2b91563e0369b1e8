/**
 * Released migrations never change. A database migrated by an earlier release knows its migrations by
 * name; renaming or editing one of them — or adding a new one that sorts before the last released
 * one — makes Kysely refuse to migrate (or silently skip a change) and `lugang start` stop. The list
 * of released migrations, with a SHA-256 of each file, is kept in `released-migrations.json` beside
 * this file and checked by a test (released.test.ts); `npm run migrations:release` adds the new ones
 * when a release is cut.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationFiles } from './migrate';

export const RELEASED_FILE = fileURLToPath(new URL('./released-migrations.json', import.meta.url));

/** Migration name (file name without `.ts`) → SHA-256 (hex) of the file's text. */
export type Released = Record<string, string>;

export interface MigrationFile {
  readonly name: string;
  readonly sha256: string;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

export function currentMigrations(files = migrationFiles()): MigrationFile[] {
  return files.map((f) => ({ name: basename(f, '.ts'), sha256: hashText(readFileSync(f, 'utf8')) }));
}

/** What breaks the rule, in words (en / zh); empty when the migrations are fine. */
export function releaseViolations(released: Released, current: readonly MigrationFile[]): string[] {
  const out: string[] = [];
  const byName = new Map(current.map((m) => [m.name, m]));
  for (const [name, sha] of Object.entries(released)) {
    const m = byName.get(name);
    if (!m) out.push(`released migration ${name} is gone or renamed / 已发布的迁移 ${name} 被删除或改名`);
    else if (m.sha256 !== sha)
      out.push(
        `released migration ${name} was edited / 已发布的迁移 ${name} 被修改 — add a new migration instead`,
      );
  }
  const last = Object.keys(released).sort().at(-1);
  if (last)
    for (const m of current)
      if (!(m.name in released) && m.name < last)
        out.push(
          `new migration ${m.name} sorts before the last released one (${last}) / 新迁移 ${m.name} 排在最后发布的迁移之前 — give it a later timestamp`,
        );
  return out;
}

export function readReleased(file = RELEASED_FILE): Released {
  return JSON.parse(readFileSync(file, 'utf8')) as Released;
}

/** Adds the migrations not yet released (refuses while the rule is broken). Returns the names added. */
export function releaseNew(file = RELEASED_FILE): string[] {
  const released = readReleased(file);
  const current = currentMigrations();
  const violations = releaseViolations(released, current);
  if (violations.length > 0) throw new Error(violations.join('\n'));
  const added = current.filter((m) => !(m.name in released));
  const next: Released = { ...released };
  for (const m of added) next[m.name] = m.sha256;
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
  return added.map((m) => m.name);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const added = releaseNew();
  console.log(
    added.length === 0 ? 'no new migrations / 没有新的迁移' : `released / 已发布: ${added.join(', ')}`,
  );
}
