import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { readCsv, readXlsx, writeXlsx } from '../../platform/sheets/sheets';
import { IdentityRepository } from '../identity/repository';
import { EnterpriseRepository } from './repository';
import { EnterpriseService } from './service';

const CSV = readFileSync(
  new URL('../../../test/fixtures/enterprises/enterprises.csv', import.meta.url),
  'utf8',
);

let t: TestDatabase;
let service: EnterpriseService;
let identity: IdentityRepository;
beforeAll(async () => {
  t = await openTestDatabase();
  identity = new IdentityRepository(t.db);
  service = new EnterpriseService(new EnterpriseRepository(t.db), identity);
});
afterAll(async () => {
  await t?.close();
});

describe('enterprise import', () => {
  it('imports valid rows and reports each bad one by row, column and reason in both languages', async () => {
    const report = await service.importTable(readCsv(CSV));
    expect(report).toMatchObject({ rows: 12, created: 8, updated: 0, unchanged: 0 });
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [10, 'credit_code', 'uscc.check_char'],
      [11, 'zone', 'enterprise.zone'],
      [11, 'investment_cny', 'enterprise.investment'],
      [12, 'name_en', 'enterprise.name_en'],
      [13, 'credit_code', 'import.duplicate'],
    ]);
    expect(report.errors[0]!.message.zh).toContain('校验码');
    expect(report.errors[2]!.message.en).toContain('12.345');
    expect(report.errors[4]!.message.en).toContain('row 2');
    const all = await service.list(null);
    expect(all).toHaveLength(8);
    const e = all.find((x) => x.creditCode === '91650104MA7ABC0040')!;
    expect(e).toMatchObject({ zone: 'warehousing-trading', investmentMinor: 500_000_000 });
    const org = await identity.findOrganization(e.organizationId);
    expect(org).toMatchObject({ kind: 'enterprise', name_zh: '新疆西门跨境电商有限公司' });
  });

  it('finds enterprises by either name or credit code, any case, and by zone and sector', async () => {
    const names = async (f: Parameters<EnterpriseService['list']>[1]) =>
      (await service.list(null, f)).map((e) => e.creditCode).sort();
    expect(await names({ q: '番茄' })).toEqual(['91650100MA7ABC0020']);
    expect(await names({ q: 'tomato PRODUCTS' })).toEqual(['91650100MA7ABC0020']);
    expect(await names({ q: '91650104ma' })).toEqual(['91650104MA7ABC003W', '91650104MA7ABC0040']);
    expect(await names({ q: '%' })).toEqual([]);
    expect(await names({ q: '_' })).toEqual([]);
    expect(await names({ zone: 'bonded-zone', sector: 'plastics' })).toEqual(['91650100MA7ABC001W']);
    expect(await service.sectors(null)).toEqual([
      'e-commerce',
      'edible oil and wheat',
      'electronics',
      'food processing',
      'logistics',
      'machinery',
      'plastics',
      'steel',
    ]);
  });

  it('is idempotent by credit code: a second import changes nothing, an edited row updates one', async () => {
    expect(await service.importTable(readCsv(CSV))).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    const edited = CSV.replace('45000000,suspended', '45000000,active');
    expect(await service.importTable(readCsv(edited))).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 7,
    });
    expect(await service.list(null)).toHaveLength(8);
  });

  it('reads the same table from XLSX with the sheet’s row numbers', async () => {
    const table = readCsv(CSV).map((r) => r.cells);
    const xlsx = await readXlsx(await writeXlsx('enterprises', table));
    const report = await service.importTable(xlsx);
    expect(report.errors.map((e) => e.row)).toEqual([10, 11, 11, 12, 13]);
    expect(report.created + report.updated + report.unchanged).toBe(8);
  });

  it('names the missing columns of a wrong header', async () => {
    const report = await service.importTable(readCsv('uscc,name_zh\n91350100M000100Y43,某公司\n'));
    expect(report.errors.map((e) => e.column)).toEqual(['name_en', 'zone', 'sector', 'investment_cny']);
    expect(report.created).toBe(0);
  });
});
