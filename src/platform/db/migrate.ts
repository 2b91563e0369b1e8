/**
 * One set of migrations for both engines. Each module keeps its own in `src/modules/<name>/migrations/`
 * (platform-wide ones in `src/platform/db/migrations/`); every file is named `YYYYMMDDHHMM_<module>_<what>.ts`
 * and exports `up` (and `down` when it can), so the global order is the order of the names.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Db } from './connect';

const SRC = fileURLToPath(new URL('../..', import.meta.url));
const NAME = /^\d{12}_[a-z0-9-]+_[a-z0-9_-]+\.ts$/;

/** Every migration file of the platform and the modules, sorted by name. */
export function migrationFiles(srcRoot = SRC): string[] {
  const dirs = [join(srcRoot, 'platform', 'db', 'migrations')];
  const modules = join(srcRoot, 'modules');
  if (existsSync(modules)) {
    for (const m of readdirSync(modules, { withFileTypes: true })) {
      if (m.isDirectory()) dirs.push(join(modules, m.name, 'migrations'));
    }
  }
  const files: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.test.ts')) continue;
      if (!f.endsWith('.ts')) continue;
      if (!NAME.test(f))
        throw new Error(`migration file name ${join(dir, f)} does not follow YYYYMMDDHHMM_module_what.ts`);
      files.push(join(dir, f));
    }
  }
  const names = new Set<string>();
  for (const f of files) {
    const n = basename(f);
    if (names.has(n)) throw new Error(`two migrations are named ${n}`);
    names.add(n);
  }
  return files.sort((a, b) => basename(a).localeCompare(basename(b)));
}

class ModuleMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const file of migrationFiles()) {
      const mod = (await import(pathToFileURL(file).href)) as Migration;
      if (typeof mod.up !== 'function') throw new Error(`migration ${file} exports no up()`);
      out[basename(file, '.ts')] = mod;
    }
    return out;
  }
}

export interface MigrateReport {
  readonly applied: string[];
  readonly total: number;
}

export async function migrateToLatest(db: Db): Promise<MigrateReport> {
  // Kysely looks for its bookkeeping tables in any schema unless told which: name the schema in use,
  // so databases holding several Lugang schemas (test runs, staging beside production) never mix.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(),
    migrationTableSchema: rows[0]?.schema ?? 'public',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  const all = await migrator.getMigrations();
  return { applied, total: all.length };
}
