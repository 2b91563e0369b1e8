/**
 * What the API returns for books and inventory lists (核注清单): rows of the repository turned into
 * views with the list's fields (book no., item seq. no., materials vs finished goods, supervision
 * mode, transport mode, port) and its deduction status. Pure.
 */
import {
  type Account,
  DEDUCTION_STATUS_NAMES,
  type DeductionStatus,
  type GoodsKind,
  type MovementType,
} from './ledger';
import type { BookRow, ItemRow, MovementRow, PostingRow, StockRow } from './repository';

export interface ItemView {
  seqNo: number;
  hsCode: string;
  names: { zh: string; en: string };
  unit: string;
  kind: GoodsKind;
  bom: Array<{ materialSeqNo: number; perUnit: number }>;
  /** Cached balance (present on a single book's view). */
  quantity?: number;
  /** Balance derived from the ledger's stock postings; always equals `quantity`. */
  ledgerQuantity?: number;
}

export interface BookView {
  id: string;
  bookNo: string;
  enterpriseId: string;
  organizationId: string;
  name: string;
  movements: number;
  headHash: string;
  createdAt: string;
  items: ItemView[];
}

export function bookView(
  b: BookRow,
  items: readonly ItemRow[],
  stock: readonly StockRow[] | undefined,
): BookView {
  const byItem = new Map((stock ?? []).map((s) => [s.seq_no, s]));
  return {
    id: b.id,
    bookNo: b.book_no,
    enterpriseId: b.enterprise_id,
    organizationId: b.organization_id,
    name: b.name,
    movements: b.head_seq,
    headHash: b.head_hash,
    createdAt: b.created_at,
    items: items.map((i) => {
      const s = byItem.get(i.seq_no);
      return {
        seqNo: i.seq_no,
        hsCode: i.hs_code,
        names: { zh: i.name_zh, en: i.name_en },
        unit: i.unit,
        kind: i.kind,
        bom: i.bom,
        ...(stock ? { quantity: s?.quantity ?? 0, ledgerQuantity: s?.ledger_quantity ?? 0 } : {}),
      };
    }),
  };
}

export interface MovementView {
  /** Row id: the client's movement id, or `<id>#in` for the receiving side of a transfer. */
  id: string;
  clientId: string;
  role: 'primary' | 'counterpart';
  type: MovementType;
  /** 核注清单编号 */
  listNo: string;
  /** 账册编号 */
  bookNo: string;
  bookSeq: number;
  reverses: string | null;
  /** A transfer's two books (sender and receiver), on both of its rows; null for other movements. */
  transfer: { fromBookNo: string; toBookNo: string } | null;
  declaration: { supervisionMode: string | null; transportMode: string | null; port: string | null };
  /** Stock changes of this list per item: 项号, 料件/成品, quantity (signed). */
  lines: Array<{ seqNo: number; goodsKind: GoodsKind; quantity: number }>;
  postings: Array<{ seqNo: number; account: Account; delta: number }>;
  deductionStatus: DeductionStatus;
  deductionStatusNames: { en: string; zh: string };
  statusChangedAt: string;
  note: string | null;
  hash: string;
  prevHash: string;
  recordedBy: string;
  recordedAt: string;
}

export function movementViews(
  rows: readonly MovementRow[],
  postings: readonly PostingRow[],
  statuses: ReadonlyMap<string, { status: DeductionStatus; at: string }>,
  items: readonly ItemRow[],
): MovementView[] {
  const kinds = new Map(items.map((i) => [`${i.book_id}#${i.seq_no}`, i.kind]));
  return rows.map((r) => {
    const own = postings.filter((p) => p.movement_id === r.id);
    const status = statuses.get(r.id) ?? { status: 0 as DeductionStatus, at: r.recorded_at };
    const decl = (r.request.declaration ?? {}) as Record<string, string | null>;
    return {
      id: r.id,
      clientId: r.client_id,
      role: r.role,
      type: r.type,
      listNo: r.list_no,
      bookNo: r.book_id,
      bookSeq: r.book_seq,
      reverses: r.reverses,
      transfer:
        r.type === 'transfer' && typeof r.request.toBookId === 'string'
          ? { fromBookNo: String(r.request.bookId), toBookNo: r.request.toBookId }
          : null,
      declaration: {
        supervisionMode: decl.supervisionMode ?? null,
        transportMode: decl.transportMode ?? null,
        port: decl.port ?? null,
      },
      lines: own
        .filter((p) => p.account === 'stock')
        .map((p) => ({
          seqNo: p.seq_no,
          goodsKind: kinds.get(`${p.book_id}#${p.seq_no}`) ?? 'material',
          quantity: p.delta,
        })),
      postings: own.map((p) => ({ seqNo: p.seq_no, account: p.account, delta: p.delta })),
      deductionStatus: status.status,
      deductionStatusNames: DEDUCTION_STATUS_NAMES[status.status],
      statusChangedAt: status.at,
      note: typeof r.request.note === 'string' ? r.request.note : null,
      hash: r.hash,
      prevHash: r.prev_hash,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    };
  });
}
