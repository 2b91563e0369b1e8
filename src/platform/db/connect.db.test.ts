import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationFiles } from './migrate';
import { openTestDatabase, type TestDatabase, testEngine } from './testing';

describe(`database values on ${testEngine()}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('maps int8, timestamptz, date and numeric the same way on both engines', async () => {
    const { rows } = await sql<{
      big: number;
      ts: string;
      day: string;
      amount: string;
    }>`select 9007199254740991::int8 as big, '2026-11-26 10:00:00+06'::timestamptz as ts,
        '2026-11-26'::date as day, 12.50::numeric as amount`.execute(t.db);
    expect(rows[0]).toEqual({
      big: 9007199254740991,
      ts: '2026-11-26T04:00:00.000Z',
      day: '2026-11-26',
      amount: '12.50',
    });
  });

  it('applied every migration file', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from kysely_migration`.execute(t.db);
    expect(rows[0]?.n).toBe(migrationFiles().length);
  });
});
