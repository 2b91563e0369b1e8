/**
 * Test support for the bonded ledger: services over a test database, two enterprises (bonded zone)
 * and a book per enterprise with two materials and one product made of them (BOM 2 × item 1 + 1 ×
 * item 2). Used by the db, model and race tests.
 */

import type { Db } from '../../platform/db/connect';
import { EnterpriseRepository } from '../enterprise/repository';
import { EnterpriseService } from '../enterprise/service';
import { IdentityRepository } from '../identity/repository';
import { IdentityService } from '../identity/service';
import { BondedRepository } from './repository';
import { BondedService, type NewItem } from './service';

export const TEST_CREDIT_CODES = ['91350100M000100Y43', '914403001922038216', '91110000600037341L'] as const;

export const TEST_ITEMS: readonly NewItem[] = [
  { seqNo: 1, hsCode: '3904.10', nameZh: 'PVC 树脂', nameEn: 'PVC resin', unit: 'kg', kind: 'material' },
  { seqNo: 2, hsCode: '2002.10', nameZh: '番茄', nameEn: 'Tomatoes', unit: 'kg', kind: 'material' },
  {
    seqNo: 3,
    hsCode: '3922.10',
    nameZh: 'PVC 浴缸',
    nameEn: 'PVC bath',
    unit: 'pcs',
    kind: 'product',
    bom: [
      { materialSeqNo: 1, perUnit: 2 },
      { materialSeqNo: 2, perUnit: 1 },
    ],
  },
];

export interface BondedFixture {
  readonly enterprises: EnterpriseService;
  readonly bonded: BondedService;
  readonly repo: BondedRepository;
}

export function bondedServices(db: Db, now?: () => Date): BondedFixture {
  const enterprises = new EnterpriseService(
    new EnterpriseRepository(db),
    new IdentityService(new IdentityRepository(db)),
  );
  const repo = new BondedRepository(db);
  return { enterprises, bonded: new BondedService(repo, enterprises, now), repo };
}

let counter = 0;

/** Creates `n` enterprises (from the fixed codes) if missing and one fresh book each; returns book ids. */
export async function freshBooks(f: BondedFixture, n = 2): Promise<string[]> {
  const ids: string[] = [];
  counter++;
  for (let i = 0; i < n; i++) {
    const code = TEST_CREDIT_CODES[i]!;
    const existing = (await f.enterprises.list(null)).find((e) => e.creditCode === code);
    const enterprise =
      existing ??
      (await f.enterprises.create({
        creditCode: code,
        nameZh: `测试企业${i + 1}`,
        nameEn: `Test enterprise ${i + 1}`,
        zone: 'bonded-zone',
        sector: 'manufacturing',
        investmentMinor: 1_000_000_00,
      }));
    const e = 'ok' in enterprise ? (enterprise.ok ? enterprise.value : undefined) : enterprise;
    if (!e) throw new Error('enterprise fixture failed');
    const bookNo = `T${String(counter).padStart(7, '0')}${String(i).padStart(2, '0')}XY`.slice(0, 12);
    const book = await f.bonded.createBook(null, { bookNo, enterpriseId: e.id, items: TEST_ITEMS });
    if (!book.ok) throw new Error(book.error.message.en);
    ids.push(book.value.id);
  }
  return ids;
}
