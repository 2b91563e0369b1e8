/**
 * The rules customs applies to a cross-border e-commerce order, pure (no I/O, no clock):
 * - 三单对碰: the order, payment and logistics records (and the inventory list when present) must
 *   agree on the fields customs compares; every field that differs is named, in en and zh;
 * - the order must add up (items → goods value; goods + freight + tax − discount → amount paid);
 * - a buyer on a resident identity card gives a valid GB 11643 number (check digit);
 * - retail import limits per person (财政部 海关总署 税务总局 财关税〔2018〕49号, from 1 January 2019):
 *   CNY 5,000 per transaction and CNY 26,000 per calendar year, counted on the transaction value
 *   (goods + freight); both configurable.
 * Every rejection carries a rule code; a quota rejection also the remaining quota.
 */
import type { Bilingual } from '../../domain/text';
import {
  type Direction,
  directionOf,
  directionsOf,
  isRetailImport,
  type Mode,
  RECORD_NAMES,
  type RecordKind,
  type RecordSet,
  requiredKinds,
} from './records';

export interface QuotaLimits {
  /** Per transaction, fen. */
  readonly perOrderMinor: number;
  /** Per person and calendar year, fen. */
  readonly annualMinor: number;
}

export const DEFAULT_LIMITS: QuotaLimits = { perOrderMinor: 5_000_00, annualMinor: 26_000_00 };

/** Limits from the environment (whole yuan): LUGANG_ECOM_ORDER_LIMIT_CNY, LUGANG_ECOM_ANNUAL_LIMIT_CNY. */
export function limitsFromEnv(env: Record<string, string | undefined>): QuotaLimits {
  const yuan = (v: string | undefined, fallback: number) => {
    if (v === undefined || v.trim() === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new Error(`not a positive amount of yuan: ${v} / 不是正的金额（元）`);
    return Math.round(n * 100);
  };
  return {
    perOrderMinor: yuan(env.LUGANG_ECOM_ORDER_LIMIT_CNY, DEFAULT_LIMITS.perOrderMinor),
    annualMinor: yuan(env.LUGANG_ECOM_ANNUAL_LIMIT_CNY, DEFAULT_LIMITS.annualMinor),
  };
}

export interface Mismatch {
  /** `kind.field` of the record that differs, e.g. `payment.amountPaidMinor`. */
  readonly field: string;
  /** `kind.field` it was compared with. */
  readonly against: string;
  readonly values: [unknown, unknown];
  readonly message: Bilingual;
}

interface Comparison {
  readonly a: [RecordKind, string];
  readonly b: [RecordKind, string];
  readonly what: Bilingual;
  readonly normalize?: (v: unknown) => unknown;
}

const squash = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v);

/** The fields customs compares, and with what (order ↔ payment ↔ logistics ↔ inventory list). */
export const COMPARISONS: readonly Comparison[] = [
  {
    a: ['order', 'ebpCode'],
    b: ['payment', 'ebpCode'],
    what: { en: 'e-commerce platform code', zh: '电商平台代码' },
  },
  {
    a: ['order', 'ebpCode'],
    b: ['logistics', 'ebpCode'],
    what: { en: 'e-commerce platform code', zh: '电商平台代码' },
  },
  {
    a: ['order', 'buyerIdNumber'],
    b: ['payment', 'payerIdNumber'],
    what: { en: 'buyer / payer identity number', zh: '订购人与支付人证件号码' },
    normalize: squash,
  },
  {
    a: ['order', 'buyerIdType'],
    b: ['payment', 'payerIdType'],
    what: { en: 'buyer / payer identity document type', zh: '订购人与支付人证件类型' },
  },
  {
    a: ['order', 'buyerName'],
    b: ['payment', 'payerName'],
    what: { en: 'buyer / payer name', zh: '订购人与支付人姓名' },
    normalize: squash,
  },
  {
    a: ['order', 'actualPaidMinor'],
    b: ['payment', 'amountPaidMinor'],
    what: { en: 'amount paid', zh: '实际支付金额' },
  },
  {
    a: ['order', 'consignee'],
    b: ['logistics', 'consignee'],
    what: { en: 'consignee', zh: '收货人' },
    normalize: squash,
  },
  {
    a: ['order', 'consigneeAddress'],
    b: ['logistics', 'consigneeAddress'],
    what: { en: 'consignee address', zh: '收货地址' },
    normalize: squash,
  },
  {
    a: ['order', 'freightMinor'],
    b: ['logistics', 'freightMinor'],
    what: { en: 'freight', zh: '运杂费' },
  },
  {
    a: ['order', 'ebpCode'],
    b: ['inventory', 'ebpCode'],
    what: { en: 'e-commerce platform code', zh: '电商平台代码' },
  },
  {
    a: ['order', 'ebcCode'],
    b: ['inventory', 'ebcCode'],
    what: { en: 'e-commerce enterprise code', zh: '电商企业代码' },
  },
  {
    a: ['order', 'buyerIdNumber'],
    b: ['inventory', 'buyerIdNumber'],
    what: { en: 'buyer identity number', zh: '订购人证件号码' },
    normalize: squash,
  },
  {
    a: ['order', 'buyerName'],
    b: ['inventory', 'buyerName'],
    what: { en: 'buyer name', zh: '订购人姓名' },
    normalize: squash,
  },
  {
    a: ['order', 'goodsValueMinor'],
    b: ['inventory', 'totalValueMinor'],
    what: { en: 'goods value', zh: '商品总价' },
  },
  {
    a: ['logistics', 'logisticsNo'],
    b: ['inventory', 'logisticsNo'],
    what: { en: 'waybill number', zh: '物流运单编号' },
  },
];

/** Every compared field that differs between the records present. */
export function compareRecords(records: RecordSet): Mismatch[] {
  const out: Mismatch[] = [];
  for (const c of COMPARISONS) {
    const ra = records[c.a[0]] as Record<string, unknown> | undefined;
    const rb = records[c.b[0]] as Record<string, unknown> | undefined;
    if (!ra || !rb) continue;
    const va = ra[c.a[1]];
    const vb = rb[c.b[1]];
    const n = c.normalize ?? ((v: unknown) => v);
    if (n(va) === n(vb)) continue;
    // identity numbers leave only masked
    const hide = c.a[1].endsWith('IdNumber');
    const [sa, sb] = hide ? [mask(String(va)), mask(String(vb))] : [va, vb];
    // amounts read as yuan in the message
    const show = (v: unknown) =>
      c.a[1].endsWith('Minor') && typeof v === 'number' ? `CNY ${yuan(v)}` : String(v);
    const field = `${c.b[0]}.${c.b[1]}`;
    const against = `${c.a[0]}.${c.a[1]}`;
    out.push({
      field,
      against,
      values: [sb, sa],
      message: {
        en: `${c.what.en}: the ${RECORD_NAMES[c.b[0]].en} says ${show(sb)}, the ${RECORD_NAMES[c.a[0]].en} ${show(sa)}`,
        zh: `${c.what.zh}：${RECORD_NAMES[c.b[0]].zh}为 ${show(sb)}，${RECORD_NAMES[c.a[0]].zh}为 ${show(sa)}`,
      },
    });
  }
  return out;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: 18 characters, the last a check character over the first 17 (ISO 7064 MOD 11-2). */
export function residentIdCheck(id: string): string | null {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidResidentId(id: string): boolean {
  const s = id.trim().toUpperCase();
  return residentIdCheck(s) === s[17];
}

/** Calendar year of an instant in China (UTC+8, no daylight saving). */
export function chinaYear(iso: string): number {
  return new Date(Date.parse(iso) + 8 * 3600_000).getUTCFullYear();
}

/** What counts against the quota: the transaction value (goods + freight). */
export function transactionValue(records: RecordSet): number {
  const o = records.order;
  return o ? o.goodsValueMinor + o.freightMinor : 0;
}

export interface Rejection {
  readonly rule: string;
  readonly message: Bilingual;
  readonly mismatches?: Mismatch[];
  /** Quota rules: what is left for the buyer in the year, before this order. */
  readonly remainingMinor?: number;
  readonly limitMinor?: number;
  readonly usedMinor?: number;
  readonly amountMinor?: number;
  readonly year?: number;
}

export type Evaluation =
  | { readonly state: 'incomplete'; readonly missing: readonly RecordKind[] }
  | { readonly state: 'rejected'; readonly rejection: Rejection }
  | {
      readonly state: 'pass';
      readonly retailImport: boolean;
      readonly amountMinor: number;
      readonly year: number;
    };

const yuan = (minor: number) => (minor / 100).toFixed(2);

/**
 * Checks the records present, without the quota ledger: which are missing, whether the order adds up,
 * whether they match, and the per-order limit. The annual limit needs the ledger: `checkAnnual`.
 */
export function evaluate(records: RecordSet, limits: QuotaLimits): Evaluation {
  const order = records.order;
  if (!order) {
    const missing = (['order', 'payment', 'logistics'] as const).filter((k) => !records[k]);
    return { state: 'incomplete', missing };
  }
  const direction: Direction = directionOf(order);
  if (!directionsOf(order.mode).includes(direction))
    return reject('ecommerce.mode_direction', {
      en: `mode ${order.mode} is ${directionsOf(order.mode).join('/')} only`,
      zh: `监管方式 ${order.mode} 仅适用于${directionsOf(order.mode)
        .map((d) => (d === 'import' ? '进口' : '出口'))
        .join('/')}`,
    });
  const missing = requiredKinds(order.mode as Mode, direction).filter((k) => !records[k]);
  if (missing.length > 0) return { state: 'incomplete', missing };

  const itemsSum = order.items.reduce((s, i) => s + i.totalMinor, 0);
  const badLine = order.items.find((i) => i.qty * i.priceMinor !== i.totalMinor);
  if (badLine)
    return reject('ecommerce.order.item_total', {
      en: `item ${badLine.itemNo}: ${badLine.qty} × ${yuan(badLine.priceMinor)} is not ${yuan(badLine.totalMinor)}`,
      zh: `商品 ${badLine.itemNo}：${badLine.qty} × ${yuan(badLine.priceMinor)} 不等于 ${yuan(badLine.totalMinor)}`,
    });
  if (itemsSum !== order.goodsValueMinor)
    return reject('ecommerce.order.goods_value', {
      en: `the items add up to CNY ${yuan(itemsSum)}, the order says goods value CNY ${yuan(order.goodsValueMinor)}`,
      zh: `商品合计 ${yuan(itemsSum)} 元，订单商品价格为 ${yuan(order.goodsValueMinor)} 元`,
    });
  const due = order.goodsValueMinor + order.freightMinor + order.taxTotalMinor - order.discountMinor;
  if (due !== order.actualPaidMinor)
    return reject('ecommerce.order.actual_paid', {
      en: `goods + freight + tax − discount = CNY ${yuan(due)}, the order says paid CNY ${yuan(order.actualPaidMinor)}`,
      zh: `商品价格 + 运杂费 + 税款 − 优惠 = ${yuan(due)} 元，订单实际支付为 ${yuan(order.actualPaidMinor)} 元`,
    });
  const retailImport = isRetailImport(order.mode as Mode, direction);
  if (retailImport && order.buyerIdType === '1' && !isValidResidentId(order.buyerIdNumber))
    return reject('ecommerce.buyer_id', {
      en: `buyer identity number ${mask(order.buyerIdNumber)} is not a valid resident ID (GB 11643 check digit)`,
      zh: `订购人身份证号 ${mask(order.buyerIdNumber)} 无效（GB 11643 校验码不符）`,
    });

  const mismatches = compareRecords(records);
  if (mismatches.length > 0)
    return {
      state: 'rejected',
      rejection: {
        rule: 'ecommerce.mismatch',
        message: {
          en: `the records do not match (三单对碰): ${mismatches.map((m) => m.field).join(', ')}`,
          zh: `三单对碰不一致：${mismatches.map((m) => m.field).join('、')}`,
        },
        mismatches,
      },
    };

  const amount = transactionValue(records);
  const year = chinaYear(order.orderTime);
  if (retailImport && amount > limits.perOrderMinor)
    return {
      state: 'rejected',
      rejection: {
        rule: 'ecommerce.quota.per_order',
        message: {
          en: `CNY ${yuan(amount)} exceeds the retail import limit of CNY ${yuan(limits.perOrderMinor)} per order`,
          zh: `交易金额 ${yuan(amount)} 元超过单次交易限值 ${yuan(limits.perOrderMinor)} 元`,
        },
        limitMinor: limits.perOrderMinor,
        remainingMinor: limits.perOrderMinor,
        amountMinor: amount,
        year,
      },
    };
  return { state: 'pass', retailImport, amountMinor: amount, year };
}

/** The annual limit against what the buyer has used this year (from the quota ledger). */
export function checkAnnual(
  amountMinor: number,
  usedMinor: number,
  year: number,
  limits: QuotaLimits,
): Rejection | null {
  const remaining = Math.max(0, limits.annualMinor - usedMinor);
  if (amountMinor <= remaining) return null;
  return {
    rule: 'ecommerce.quota.annual',
    message: {
      en: `CNY ${yuan(amountMinor)} exceeds the buyer's remaining annual quota for ${year}: CNY ${yuan(remaining)} of CNY ${yuan(limits.annualMinor)} left`,
      zh: `交易金额 ${yuan(amountMinor)} 元超过订购人 ${year} 年度剩余额度：年度限值 ${yuan(limits.annualMinor)} 元，剩余 ${yuan(remaining)} 元`,
    },
    limitMinor: limits.annualMinor,
    usedMinor,
    remainingMinor: remaining,
    amountMinor,
    year,
  };
}

function reject(rule: string, message: Bilingual): Evaluation {
  return { state: 'rejected', rejection: { rule, message } };
}

/** An identity number shown with its middle hidden: 650102********1234. */
export function mask(id: string): string {
  const s = id.trim();
  if (s.length <= 8) return `${s.slice(0, 1)}***${s.slice(-1)}`;
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}
