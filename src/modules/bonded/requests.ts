/**
 * What a client sends to the bonded ledger and how it is checked before any SQL: new book items (HS
 * code through the codes module, unit, materials vs products and their bill of materials), movement
 * requests normalized for retry comparison, the canonical content a movement row's hash covers, and
 * refusals carrying the HTTP status they map to. Pure apart from the HS table lookup.
 */
import { type Outcome, refuse } from '../../domain/refusal';
import { lookupHs } from '../codes/service';
import { canonicalJson } from './chain';
import type { GoodsKind, MovementType } from './ledger';
import type { ItemRow, MovementRow, PostingRow } from './repository';
import type { MovementView } from './views';

export interface NewItem {
  readonly seqNo: number;
  readonly hsCode: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly unit: string;
  readonly kind: GoodsKind;
  readonly bom?: ReadonlyArray<{ materialSeqNo: number; perUnit: number }> | undefined;
}

export interface NewBook {
  readonly bookNo: string;
  readonly enterpriseId: string;
  readonly name?: string | undefined;
  readonly items?: readonly NewItem[] | undefined;
}

export interface Declaration {
  /** 监管方式: 4-digit supervision mode code, e.g. 5000 (materials in/out of the zone). */
  readonly supervisionMode?: string | undefined;
  /** 运输方式: one-character transport mode code, e.g. 3 rail, 4 road. */
  readonly transportMode?: string | undefined;
  /** 关区/口岸: 4-digit customs port code. */
  readonly port?: string | undefined;
}

export interface MovementRequest {
  /** Chosen by the client; a retry with the same id posts nothing new. */
  readonly id: string;
  readonly bookId: string;
  readonly type: MovementType;
  readonly lines?:
    | ReadonlyArray<{ seqNo: number; quantity: number; toSeqNo?: number | undefined }>
    | undefined;
  readonly toBookId?: string | undefined;
  readonly reverses?: string | undefined;
  readonly declaration?: Declaration | undefined;
  readonly note?: string | undefined;
}

export interface PostOutcome {
  readonly movement: MovementView[];
  /** True when this was a retry of a movement already posted (nothing new was written). */
  readonly replayed: boolean;
}

export type { Outcome, Refusal } from '../../domain/refusal';
export { refuse };

export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
export const BOOK_NO = /^[A-Z0-9]{12}$/;

/** The request as stored and compared for retries: defaults filled, no undefined. */
export function normalizeRequest(r: MovementRequest): Record<string, unknown> {
  return JSON.parse(
    canonicalJson({
      id: r.id,
      bookId: r.bookId,
      type: r.type,
      lines:
        r.type === 'reversal'
          ? []
          : (r.lines ?? []).map((l) => ({
              seqNo: l.seqNo,
              quantity: l.quantity,
              ...(l.toSeqNo !== undefined ? { toSeqNo: l.toSeqNo } : {}),
            })),
      toBookId: r.toBookId ?? null,
      reverses: r.reverses ?? null,
      declaration: {
        supervisionMode: r.declaration?.supervisionMode ?? null,
        transportMode: r.declaration?.transportMode ?? null,
        port: r.declaration?.port ?? null,
      },
      note: r.note ?? null,
    }),
  ) as Record<string, unknown>;
}

/** The canonical content of a movement row that its hash covers. */
export function rowContent(
  m: Omit<MovementRow, 'content_hash' | 'prev_hash' | 'hash' | 'request_hash'>,
  postings: readonly PostingRow[],
) {
  return {
    id: m.id,
    clientId: m.client_id,
    role: m.role,
    bookId: m.book_id,
    bookSeq: m.book_seq,
    type: m.type,
    listNo: m.list_no,
    reverses: m.reverses,
    request: m.request,
    recordedBy: m.recorded_by,
    recordedAt: m.recorded_at,
    postings: [...postings]
      .sort((a, b) => a.line - b.line)
      .map((p) => ({ line: p.line, bookId: p.book_id, seqNo: p.seq_no, account: p.account, delta: p.delta })),
  };
}

export function checkNewItems(
  bookId: string,
  items: readonly NewItem[],
  existing: readonly ItemRow[],
): Outcome<Array<Omit<ItemRow, 'created_at'>>> {
  const kinds = new Map<number, GoodsKind>(existing.map((i) => [i.seq_no, i.kind]));
  for (const [i, it] of items.entries()) {
    if (kinds.has(it.seqNo))
      return refuse(
        409,
        `items.${i}.seqNo`,
        'bonded.item_exists',
        `item ${it.seqNo} already exists`,
        `项号 ${it.seqNo} 已存在`,
      );
    kinds.set(it.seqNo, it.kind);
  }
  const out: Array<Omit<ItemRow, 'created_at'>> = [];
  for (const [i, it] of items.entries()) {
    const f = `items.${i}`;
    if (!Number.isInteger(it.seqNo) || it.seqNo < 1 || it.seqNo > 999_999)
      return refuse(
        400,
        `${f}.seqNo`,
        'bonded.seq_no',
        'the item sequence number is a whole number 1–999999',
        '项号须为 1–999999 的整数',
      );
    const digits = it.hsCode.replace(/[.\s]/g, '');
    const hs = /^\d{6}(\d{2}){0,2}$/.test(digits)
      ? lookupHs(digits.slice(0, 6), `${f}.hsCode`)
      : lookupHs(it.hsCode, `${f}.hsCode`);
    if (!hs.ok) return { ok: false, error: { ...hs.error, status: 400 } };
    if (hs.value.level !== 6)
      return refuse(
        400,
        `${f}.hsCode`,
        'bonded.hs_level',
        'an account-book item needs an HS subheading (6 digits or more)',
        '账册商品须使用至少 6 位的 HS 子目编码',
      );
    if (!it.nameZh.trim() || !it.nameEn.trim())
      return refuse(
        400,
        `${f}.nameZh`,
        'bonded.item_name',
        'give the item name in Chinese and English',
        '请填写商品中英文名称',
      );
    if (!/^[A-Za-z0-9]{1,10}$/.test(it.unit) && !/^[\p{Script=Han}]{1,4}$/u.test(it.unit))
      return refuse(
        400,
        `${f}.unit`,
        'bonded.unit',
        'the unit is a short code such as kg, pcs, set',
        '计量单位应为简短代码，如 kg、pcs、set',
      );
    const bom = it.bom ?? [];
    if (it.kind === 'material' && bom.length > 0)
      return refuse(
        400,
        `${f}.bom`,
        'bonded.bom_material',
        'only finished products have a bill of materials',
        '只有成品才有单耗（料件清单）',
      );
    for (const [j, b] of bom.entries()) {
      if (kinds.get(b.materialSeqNo) !== 'material')
        return refuse(
          400,
          `${f}.bom.${j}.materialSeqNo`,
          'bonded.bom_item',
          `item ${b.materialSeqNo} is not a material of this book`,
          `项号 ${b.materialSeqNo} 不是本账册的料件`,
        );
      if (!Number.isSafeInteger(b.perUnit) || b.perUnit < 1)
        return refuse(
          400,
          `${f}.bom.${j}.perUnit`,
          'bonded.bom_quantity',
          'consumption per unit is a positive whole number',
          '单耗须为正整数',
        );
    }
    out.push({
      book_id: bookId,
      seq_no: it.seqNo,
      hs_code: digits,
      name_zh: it.nameZh.trim(),
      name_en: it.nameEn.trim(),
      unit: it.unit,
      kind: it.kind,
      bom: bom.map((b) => ({ materialSeqNo: b.materialSeqNo, perUnit: b.perUnit })),
    });
  }
  return { ok: true, value: out };
}
