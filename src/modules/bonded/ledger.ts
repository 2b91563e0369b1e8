/**
 * The pure rules of the bonded ledger: which postings a movement makes, the double-entry check, the
 * balance arithmetic (stock never negative) and reversals. A posting moves a quantity of one book
 * item between the book's `stock` account and a counterpart account (abroad, domestic market, export,
 * transfer, processing, stock-taking); for every item of every movement the deltas sum to zero.
 * Quantities are integers in the item's declared unit. Pure: no I/O, no clock.
 */
import { fail, ok, type Result, type Violation } from '../../domain/result';

export const GOODS_KINDS = ['material', 'product'] as const;
/** 料件 (materials) or 成品 (finished products). */
export type GoodsKind = (typeof GOODS_KINDS)[number];

export const MOVEMENT_TYPES = [
  'entry', // 境外入区: from abroad into the zone
  'release', // 出区内销: to the domestic market, duties paid
  'export', // 出区出境: leaves the country
  'transfer', // 区内结转: to another enterprise's book in the zone
  'processing', // 加工: materials consumed by the bill of materials, products made
  'adjustment', // 盘点调整: stock-taking correction (signed)
  'reversal', // 冲正: undoes an earlier movement
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export const ACCOUNTS = [
  'stock',
  'abroad',
  'domestic',
  'export',
  'transfer',
  'processing',
  'stocktake',
] as const;
export type Account = (typeof ACCOUNTS)[number];

export interface ItemDef {
  readonly bookId: string;
  readonly seqNo: number;
  readonly kind: GoodsKind;
  /** Materials consumed per unit of this product (products only). */
  readonly bom: ReadonlyArray<{ readonly materialSeqNo: number; readonly perUnit: number }>;
}

export interface Posting {
  readonly bookId: string;
  readonly seqNo: number;
  readonly account: Account;
  readonly delta: number;
}

/** The postings a movement makes in one book; a transfer has two (the sender's, then the receiver's). */
export interface BookEntry {
  readonly bookId: string;
  readonly role: 'primary' | 'counterpart';
  readonly postings: readonly Posting[];
}

export interface MovementLines {
  readonly type: Exclude<MovementType, 'reversal'>;
  readonly bookId: string;
  /** Quantities > 0; for `adjustment` a signed, non-zero delta. `toSeqNo` only for `transfer`. */
  readonly lines: ReadonlyArray<{
    readonly seqNo: number;
    readonly quantity: number;
    readonly toSeqNo?: number;
  }>;
  readonly toBookId?: string | undefined;
}

export const itemKey = (bookId: string, seqNo: number) => `${bookId}#${seqNo}`;

function v(
  field: string,
  code: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
): Violation {
  return { field, code, message: { en, zh }, ...(details ? { details } : {}) };
}

const COUNTERPART: Record<'entry' | 'release' | 'export' | 'adjustment', Account> = {
  entry: 'abroad',
  release: 'domestic',
  export: 'export',
  adjustment: 'stocktake',
};

/** Postings of a movement, or the first line that breaks a rule (unknown item, bad quantity, BOM). */
export function postingsFor(m: MovementLines, items: ReadonlyMap<string, ItemDef>): Result<BookEntry[]> {
  if (m.lines.length === 0)
    return fail(v('lines', 'bonded.lines_empty', 'give at least one line', '至少填写一行'));
  const primary: Posting[] = [];
  const counterpart: Posting[] = [];
  for (const [i, line] of m.lines.entries()) {
    const field = `lines.${i}`;
    if (
      !Number.isSafeInteger(line.quantity) ||
      line.quantity === 0 ||
      (m.type !== 'adjustment' && line.quantity < 0)
    )
      return fail(
        v(
          `${field}.quantity`,
          'bonded.quantity',
          m.type === 'adjustment'
            ? 'an adjustment is a non-zero whole number'
            : 'quantity must be a positive whole number',
          m.type === 'adjustment' ? '调整数量须为非零整数' : '数量须为正整数',
        ),
      );
    const item = items.get(itemKey(m.bookId, line.seqNo));
    if (!item)
      return fail(
        v(
          `${field}.seqNo`,
          'bonded.item_unknown',
          `book ${m.bookId} has no item ${line.seqNo}`,
          `账册 ${m.bookId} 没有项号 ${line.seqNo}`,
        ),
      );
    const q = line.quantity;
    switch (m.type) {
      case 'entry':
      case 'adjustment':
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: 'stock', delta: q });
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: COUNTERPART[m.type], delta: -q });
        break;
      case 'release':
      case 'export':
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: 'stock', delta: -q });
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: COUNTERPART[m.type], delta: q });
        break;
      case 'transfer': {
        if (!m.toBookId || m.toBookId === m.bookId)
          return fail(
            v(
              'toBookId',
              'bonded.transfer_target',
              'a transfer needs another book to receive it',
              '结转须指定另一本转入账册',
            ),
          );
        const toSeq = line.toSeqNo ?? line.seqNo;
        const target = items.get(itemKey(m.toBookId, toSeq));
        if (!target)
          return fail(
            v(
              `${field}.toSeqNo`,
              'bonded.item_unknown',
              `book ${m.toBookId} has no item ${toSeq}`,
              `账册 ${m.toBookId} 没有项号 ${toSeq}`,
            ),
          );
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: 'stock', delta: -q });
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: 'transfer', delta: q });
        counterpart.push({ bookId: m.toBookId, seqNo: toSeq, account: 'stock', delta: q });
        counterpart.push({ bookId: m.toBookId, seqNo: toSeq, account: 'transfer', delta: -q });
        break;
      }
      case 'processing': {
        if (item.kind !== 'product' || item.bom.length === 0)
          return fail(
            v(
              `${field}.seqNo`,
              'bonded.not_a_product',
              `item ${line.seqNo} is not a finished product with a bill of materials`,
              `项号 ${line.seqNo} 不是有单耗（料件清单）的成品`,
            ),
          );
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: 'stock', delta: q });
        primary.push({ bookId: m.bookId, seqNo: line.seqNo, account: 'processing', delta: -q });
        for (const b of item.bom) {
          const used = q * b.perUnit;
          if (!Number.isSafeInteger(used))
            return fail(v(`${field}.quantity`, 'bonded.quantity', 'quantity is too large', '数量过大'));
          primary.push({ bookId: m.bookId, seqNo: b.materialSeqNo, account: 'stock', delta: -used });
          primary.push({ bookId: m.bookId, seqNo: b.materialSeqNo, account: 'processing', delta: used });
        }
        break;
      }
    }
  }
  const entries: BookEntry[] = [{ bookId: m.bookId, role: 'primary', postings: merge(primary) }];
  if (m.type === 'transfer')
    entries.push({ bookId: m.toBookId!, role: 'counterpart', postings: merge(counterpart) });
  return ok(entries);
}

/** Sums postings with the same book, item and account; drops zeros; a stable order. */
export function merge(postings: readonly Posting[]): Posting[] {
  const sums = new Map<string, Posting>();
  for (const p of postings) {
    const k = `${p.bookId}\u0000${String(p.seqNo).padStart(9, '0')}\u0000${p.account}`;
    const prev = sums.get(k);
    sums.set(k, { ...p, delta: (prev?.delta ?? 0) + p.delta });
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, p]) => p)
    .filter((p) => p.delta !== 0);
}

/** The postings that undo an entry. */
export function reverse(postings: readonly Posting[]): Posting[] {
  return merge(postings.map((p) => ({ ...p, delta: -p.delta })));
}

/** Double entry: for every item the deltas of all accounts sum to zero. */
export function isBalanced(postings: readonly Posting[]): boolean {
  const sums = new Map<string, number>();
  for (const p of postings)
    sums.set(itemKey(p.bookId, p.seqNo), (sums.get(itemKey(p.bookId, p.seqNo)) ?? 0) + p.delta);
  return [...sums.values()].every((s) => s === 0);
}

/** The change of stock per item (`bookId#seqNo`) that postings make. */
export function stockDeltas(postings: readonly Posting[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of postings) {
    if (p.account !== 'stock') continue;
    const k = itemKey(p.bookId, p.seqNo);
    out.set(k, (out.get(k) ?? 0) + p.delta);
  }
  return out;
}

/**
 * Applies postings to balances (`bookId#seqNo` → quantity, missing = 0); fails naming the first item
 * that would go below zero, with what is available and what was asked.
 */
export function applyToBalances(
  balances: ReadonlyMap<string, number>,
  postings: readonly Posting[],
): Result<Map<string, number>> {
  const next = new Map(balances);
  for (const [k, d] of stockDeltas(postings)) {
    const before = next.get(k) ?? 0;
    const after = before + d;
    if (after < 0) {
      const [bookId, seq] = k.split('#');
      return fail(
        v(
          'lines',
          'bonded.insufficient_stock',
          `item ${seq} of book ${bookId} holds ${before}, the movement needs ${-d}: stock cannot go below zero`,
          `账册 ${bookId} 项号 ${seq} 结存 ${before}，本次需要 ${-d}：库存不能为负`,
          { bookId, seqNo: Number(seq), available: before, requested: -d },
        ),
      );
    }
    next.set(k, after);
  }
  return ok(next);
}

/**
 * Deduction status of an inventory list (核注清单): 0 not deducted, 1 pre-deducted, 2 deducted,
 * 3 written off. A list is recorded pre-deducted (its postings are in the ledger); customs release
 * deducts it; write-off closes it; a pre-deduction can be withdrawn (back to 0).
 */
export type DeductionStatus = 0 | 1 | 2 | 3;
export const DEDUCTION_STATUS_NAMES: Readonly<Record<DeductionStatus, { en: string; zh: string }>> = {
  0: { en: 'not deducted', zh: '未核扣' },
  1: { en: 'pre-deducted', zh: '预核扣' },
  2: { en: 'deducted', zh: '已核扣' },
  3: { en: 'written off', zh: '已核销' },
};

export function canChangeStatus(from: DeductionStatus, to: DeductionStatus): boolean {
  return (from === 0 && to === 1) || (from === 1 && (to === 0 || to === 2)) || (from === 2 && to === 3);
}
