/**
 * Cross-border e-commerce (跨境电商) records as customs receives them, and the modes they belong to.
 * Pure: zod schemas and tables, no I/O.
 *
 * Sources (China customs):
 * - 9610 跨境贸易电子商务 (direct B2C retail import/export): 海关总署公告 2014 年第 12 号;
 * - 1210 保税跨境贸易电子商务 (bonded retail import, goods stored in a special customs zone): 海关总署公告
 *   2014 年第 57 号;
 * - 9710 跨境电商 B2B 直接出口, 9810 跨境电商出口海外仓: 海关总署公告 2020 年第 75 号;
 * - retail import supervision, the order / payment / logistics records sent by the e-commerce
 *   enterprise, the payment company and the logistics company, compared with the declared inventory
 *   list (清单) — 三单对碰: 海关总署公告 2018 年第 194 号. The field names follow the customs unified
 *   system's messages (CEB311 order, CEB411 payment, CEB511 logistics, CEB621 import inventory); money
 *   here is in fen (minor units of CNY), as everywhere in Lugang.
 */
import { z } from 'zod';

export const MODES = ['9610', '1210', '9710', '9810'] as const;
export type Mode = (typeof MODES)[number];

export type Direction = 'import' | 'export';

export const MODE_NAMES: Record<Mode, { en: string; zh: string }> = {
  '9610': { en: 'direct cross-border retail (B2C)', zh: '跨境电商零售直购' },
  '1210': { en: 'bonded retail import', zh: '网购保税进口' },
  '9710': { en: 'B2B direct export', zh: '跨境电商 B2B 直接出口' },
  '9810': { en: 'export to an overseas warehouse', zh: '跨境电商出口海外仓' },
};

/** The direction a mode allows: 9610 both ways (the order says which), 1210 import, 9710/9810 export. */
export function directionsOf(mode: Mode): readonly Direction[] {
  if (mode === '9610') return ['import', 'export'];
  if (mode === '1210') return ['import'];
  return ['export'];
}

export const RECORD_KINDS = ['order', 'payment', 'logistics', 'inventory'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const RECORD_NAMES: Record<RecordKind, { en: string; zh: string }> = {
  order: { en: 'order', zh: '订单' },
  payment: { en: 'payment', zh: '支付单' },
  logistics: { en: 'logistics', zh: '运单' },
  inventory: { en: 'inventory list', zh: '清单' },
};

/**
 * Records customs needs before it compares and clears: retail import (1210, 9610 import) needs all
 * three (订单、支付单、运单); the export modes need the order and the logistics record (a payment —
 * 收款 — is compared when it is there). The inventory list (清单) is compared whenever it arrives.
 */
export function requiredKinds(mode: Mode, direction: Direction): readonly RecordKind[] {
  return direction === 'import' || mode === '1210'
    ? ['order', 'payment', 'logistics']
    : ['order', 'logistics'];
}

/** Retail import counts against the buyer's personal limits (财关税〔2018〕49号). */
export function isRetailImport(mode: Mode, direction: Direction): boolean {
  return direction === 'import' && (mode === '1210' || mode === '9610');
}

const code = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, `${what}: letters, digits, _ -`);
const money = z.number().int().min(0).max(1_000_000_000_00);
const name = z.string().trim().min(1).max(100);
const text = z.string().trim().min(1).max(300);
const instant = z.string().datetime({ offset: true });
const idNumber = z.string().trim().min(4).max(30);

const key = {
  orderNo: code('orderNo').describe('订单编号, the key the three records are matched on'),
  ebpCode: code('ebpCode').describe('电商平台代码 (customs registration code of the e-commerce platform)'),
};

export const orderRecordSchema = z.object({
  kind: z.literal('order'),
  ...key,
  mode: z.enum(MODES),
  direction: z.enum(['import', 'export']).optional().describe('9610 only; the other modes imply it'),
  ebcCode: code('ebcCode').describe('电商企业代码'),
  orderTime: instant,
  buyerIdType: z.enum(['1', '2']).default('1').describe('1 = resident identity card, 2 = other'),
  buyerIdNumber: idNumber,
  buyerName: name,
  consignee: name,
  consigneeAddress: text,
  consigneeTelephone: z.string().trim().max(30).optional(),
  goodsValueMinor: money,
  freightMinor: money.default(0),
  discountMinor: money.default(0),
  taxTotalMinor: money.default(0),
  actualPaidMinor: money,
  items: z
    .array(
      z.object({
        itemNo: z.number().int().min(1).max(999),
        name: name,
        hsCode: z.string().trim().max(12).optional(),
        qty: z.number().int().min(1).max(1_000_000),
        priceMinor: money,
        totalMinor: money,
      }),
    )
    .min(1)
    .max(200),
});

export const paymentRecordSchema = z.object({
  kind: z.literal('payment'),
  ...key,
  payCode: code('payCode').describe('支付企业代码'),
  payTransactionId: code('payTransactionId'),
  payerIdType: z.enum(['1', '2']).default('1'),
  payerIdNumber: idNumber,
  payerName: name,
  amountPaidMinor: money,
  payTime: instant,
});

export const logisticsRecordSchema = z.object({
  kind: z.literal('logistics'),
  ...key,
  logisticsCode: code('logisticsCode').describe('物流企业代码'),
  logisticsNo: code('logisticsNo').describe('物流运单编号'),
  consignee: name,
  consigneeAddress: text,
  consigneeTelephone: z.string().trim().max(30).optional(),
  freightMinor: money.default(0),
  weightKg: z.number().positive().max(100_000).optional(),
});

export const inventoryRecordSchema = z.object({
  kind: z.literal('inventory'),
  ...key,
  ebcCode: code('ebcCode'),
  logisticsNo: code('logisticsNo'),
  buyerIdNumber: idNumber,
  buyerName: name,
  totalValueMinor: money.describe('清单总价: the goods value declared'),
});

export const recordSchema = z.discriminatedUnion('kind', [
  orderRecordSchema,
  paymentRecordSchema,
  logisticsRecordSchema,
  inventoryRecordSchema,
]);

export type OrderRecord = z.output<typeof orderRecordSchema>;
export type PaymentRecord = z.output<typeof paymentRecordSchema>;
export type LogisticsRecord = z.output<typeof logisticsRecordSchema>;
export type InventoryRecord = z.output<typeof inventoryRecordSchema>;
export type EcomRecord = z.output<typeof recordSchema>;

export interface RecordSet {
  readonly order?: OrderRecord | undefined;
  readonly payment?: PaymentRecord | undefined;
  readonly logistics?: LogisticsRecord | undefined;
  readonly inventory?: InventoryRecord | undefined;
}

export function directionOf(order: OrderRecord): Direction {
  if (order.mode === '9610') return order.direction ?? 'import';
  return directionsOf(order.mode)[0]!;
}
