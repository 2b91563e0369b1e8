// The bonded zone's calls and answer shapes (src/modules/bonded/routes.ts). Refusals come back with
// their reason per field (shared/call.ts), in the language the page is in.

import { call } from '../../shared/call';

export { Refusal } from '../../shared/call';

export type GoodsKind = 'material' | 'product';
export const MOVEMENT_TYPES = [
  'entry',
  'release',
  'export',
  'transfer',
  'processing',
  'adjustment',
  'reversal',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];
export type DeductionStatus = 0 | 1 | 2 | 3;

export interface BookItem {
  readonly seqNo: number;
  readonly hsCode: string;
  readonly names: { readonly zh: string; readonly en: string };
  readonly unit: string;
  readonly kind: GoodsKind;
  readonly bom: ReadonlyArray<{ readonly materialSeqNo: number; readonly perUnit: number }>;
  /** Cached balance. */
  readonly quantity?: number;
  /** Balance summed from the ledger's stock postings. */
  readonly ledgerQuantity?: number;
}

export interface Book {
  readonly id: string;
  readonly bookNo: string;
  readonly enterpriseId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly movements: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly items: readonly BookItem[];
}

export interface Movement {
  readonly id: string;
  readonly clientId: string;
  readonly role: 'primary' | 'counterpart';
  readonly type: MovementType;
  readonly listNo: string;
  readonly bookNo: string;
  readonly bookSeq: number;
  readonly reverses: string | null;
  /** A transfer's two books, on both its rows. */
  readonly transfer: { readonly fromBookNo: string; readonly toBookNo: string } | null;
  readonly declaration: {
    readonly supervisionMode: string | null;
    readonly transportMode: string | null;
    readonly port: string | null;
  };
  readonly lines: ReadonlyArray<{
    readonly seqNo: number;
    readonly goodsKind: GoodsKind;
    readonly quantity: number;
  }>;
  readonly deductionStatus: DeductionStatus;
  readonly deductionStatusNames: { readonly en: string; readonly zh: string };
  readonly statusChangedAt: string;
  readonly note: string | null;
  readonly hash: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface MovementPage {
  readonly items: readonly Movement[];
  readonly nextCursor: string | null;
}

export interface ChainCheck {
  readonly bookId: string;
  readonly rows: number;
  readonly intact: boolean;
  readonly problems: ReadonlyArray<{
    readonly bookSeq: number;
    readonly rowId: string | null;
    readonly kind: 'content' | 'link' | 'gap' | 'head';
    readonly message: { readonly en: string; readonly zh: string };
  }>;
}

export interface MovementRequest {
  readonly id: string;
  readonly type: MovementType;
  readonly lines?: ReadonlyArray<{ seqNo: number; quantity: number; toSeqNo?: number }>;
  readonly toBookId?: string;
  readonly reverses?: string;
  readonly declaration?: { supervisionMode?: string; transportMode?: string; port?: string };
  readonly note?: string;
}

const enc = encodeURIComponent;

export const bondedApi = {
  books: (locale: string, signal?: AbortSignal) =>
    call<{ items: Book[] }>('/api/v1/bonded/books', locale, { signal }).then((r) => r.body.items),
  book: (id: string, locale: string, signal?: AbortSignal) =>
    call<Book>(`/api/v1/bonded/books/${enc(id)}`, locale, { signal }).then((r) => r.body),
  movements: (id: string, locale: string, cursor: string | null, signal?: AbortSignal) =>
    call<MovementPage>(
      `/api/v1/bonded/books/${enc(id)}/movements?order=desc&limit=20${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      locale,
      { signal },
    ).then((r) => r.body),
  /** 201 posted, 200 a retry of one already posted (replayed). */
  post: (bookId: string, locale: string, request: MovementRequest) =>
    call<{ replayed: boolean; movement: Movement[] }>(
      `/api/v1/bonded/books/${enc(bookId)}/movements`,
      locale,
      {
        body: request,
      },
    ).then((r) => r.body),
  verify: (id: string, locale: string) =>
    call<ChainCheck>(`/api/v1/bonded/books/${enc(id)}/verify`, locale).then((r) => r.body),
  setStatus: (listId: string, status: DeductionStatus, locale: string) =>
    call<Movement>(`/api/v1/bonded/lists/${enc(listId)}/status`, locale, { body: { status } }).then(
      (r) => r.body,
    ),
};

/** A fresh client movement id: the form keeps it until the movement is posted, so a retry posts once. */
export function newMovementId(now = new Date(), random: () => number = Math.random): string {
  const stamp = now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  const tail = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `WEB-${stamp}-${tail}`;
}
