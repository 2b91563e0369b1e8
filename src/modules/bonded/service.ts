/**
 * Bonded account books and their ledger. Every movement is an inventory list (核注清单) posted in one
 * short transaction: lock the books it touches (their chain heads) in id order, replay a retry of the
 * same client id, compute the postings (ledger.ts), refuse anything that would take stock below zero,
 * append the movement rows with their hash-chain links, the postings, the cached balances and the
 * deduction status. Corrections are reversals. Tenant rule: customs officers, management and admin
 * see every book; an enterprise only its organization's.
 */
import type { Violation } from '../../domain/result';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { lookupHs } from '../codes/service';
import type { EnterpriseService } from '../enterprise/service';
import {
  type ChainProblem,
  canonicalJson,
  contentHash,
  GENESIS_HASH,
  linkHash,
  sha256,
  verifyChain,
} from './chain';
import {
  applyToBalances,
  type BookEntry,
  canChangeStatus,
  type DeductionStatus,
  type GoodsKind,
  type ItemDef,
  itemKey,
  type MovementType,
  postingsFor,
  reverse,
} from './ledger';
import type { BondedRepository, BookRow, ItemRow, MovementRow, PostingRow } from './repository';
import { type BookView, bookView, type MovementView, movementViews } from './views';

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

/** A refused request with the HTTP status it maps to. */
export type Refusal = Violation & { readonly status: 400 | 403 | 404 | 409 | 422 };
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Refusal };

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
const BOOK_NO = /^[A-Z0-9]{12}$/;

function refuse(
  status: Refusal['status'],
  field: string,
  code: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
): { ok: false; error: Refusal } {
  return { ok: false, error: { status, field, code, message: { en, zh }, ...(details ? { details } : {}) } };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

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

export class BondedService {
  constructor(
    private readonly repo: BondedRepository,
    private readonly enterprises: Pick<EnterpriseService, 'get'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private visible(principal: Principal | null, book: BookRow): boolean {
    return !principal || seesAllTenants(principal) || principal.organizationId === book.organization_id;
  }

  private async visibleBook(principal: Principal | null, id: string): Promise<Outcome<BookRow>> {
    const book = await this.repo.findBook(id);
    if (!book || !this.visible(principal, book))
      return refuse(404, 'bookId', 'bonded.book_unknown', `no account book ${id}`, `没有账册 ${id}`);
    return { ok: true, value: book };
  }

  async createBook(principal: Principal | null, input: NewBook): Promise<Outcome<BookView>> {
    const bookNo = input.bookNo.trim().toUpperCase();
    if (!BOOK_NO.test(bookNo))
      return refuse(
        400,
        'bookNo',
        'bonded.book_no',
        'an account book number has 12 letters or digits',
        '账册编号应为 12 位字母或数字',
      );
    const enterprise = await this.enterprises.get(principal, input.enterpriseId);
    if (!enterprise)
      return refuse(
        404,
        'enterpriseId',
        'bonded.enterprise_unknown',
        `no enterprise ${input.enterpriseId}`,
        `没有企业 ${input.enterpriseId}`,
      );
    if (await this.repo.findBook(bookNo))
      return refuse(
        409,
        'bookNo',
        'bonded.book_exists',
        `account book ${bookNo} already exists`,
        `账册 ${bookNo} 已存在`,
      );
    const items = this.checkItems(bookNo, input.items ?? [], []);
    if (!items.ok) return items;
    try {
      await this.repo.transaction(async (tx) => {
        await tx.insertBook({
          id: bookNo,
          book_no: bookNo,
          enterprise_id: enterprise.id,
          organization_id: enterprise.organizationId,
          name: input.name?.trim() || `${enterprise.names.zh} 账册`,
          head_seq: 0,
          head_hash: GENESIS_HASH,
        });
        await tx.insertItems(items.value);
      });
    } catch (err) {
      if (isUniqueViolation(err))
        return refuse(
          409,
          'bookNo',
          'bonded.book_exists',
          `account book ${bookNo} already exists`,
          `账册 ${bookNo} 已存在`,
        );
      throw err;
    }
    return this.getBook(null, bookNo) as Promise<Outcome<BookView>>;
  }

  async addItems(
    principal: Principal | null,
    bookId: string,
    items: readonly NewItem[],
  ): Promise<Outcome<BookView>> {
    const book = await this.visibleBook(principal, bookId);
    if (!book.ok) return book;
    const existing = await this.repo.listItems([bookId]);
    const checked = this.checkItems(bookId, items, existing);
    if (!checked.ok) return checked;
    try {
      await this.repo.transaction((tx) => tx.insertItems(checked.value));
    } catch (err) {
      if (isUniqueViolation(err))
        return refuse(
          409,
          'items',
          'bonded.item_exists',
          'an item with this sequence number already exists',
          '该项号已存在',
        );
      throw err;
    }
    return this.getBook(principal, bookId);
  }

  private checkItems(
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

  async listBooks(principal: Principal | null): Promise<BookView[]> {
    const own = principal && !seesAllTenants(principal) ? principal.organizationId : undefined;
    const books = await this.repo.listBooks(own);
    const items = await this.repo.listItems(books.map((b) => b.id));
    return books.map((b) =>
      bookView(
        b,
        items.filter((i) => i.book_id === b.id),
        undefined,
      ),
    );
  }

  async getBook(principal: Principal | null, id: string): Promise<Outcome<BookView>> {
    const book = await this.visibleBook(principal, id);
    if (!book.ok) return book;
    const [items, stock] = await Promise.all([this.repo.listItems([id]), this.repo.stock(id)]);
    return { ok: true, value: bookView(book.value, items, stock) };
  }

  /** Stock per item of a book: cached balance and the balance derived from the ledger. */
  stock(bookId: string) {
    return this.repo.stock(bookId);
  }

  async listMovements(principal: Principal | null, bookId: string): Promise<Outcome<MovementView[]>> {
    const book = await this.visibleBook(principal, bookId);
    if (!book.ok) return book;
    const rows = await this.repo.listMovements(bookId);
    return { ok: true, value: await this.views(rows) };
  }

  /** Views of movement rows, read through `repo` (the transaction's, when inside one). */
  private async views(rows: MovementRow[], repo: BondedRepository = this.repo): Promise<MovementView[]> {
    const ids = rows.map((r) => r.id);
    const postings = await repo.postingsOf(ids);
    const statuses = await repo.statuses(ids);
    const items = await repo.listItems([...new Set(postings.map((p) => p.book_id))]);
    return movementViews(rows, postings, statuses, items);
  }

  /** Posts a movement exactly once per client id (see the file header). */
  async post(principal: Principal | null, request: MovementRequest): Promise<Outcome<PostOutcome>> {
    if (!CLIENT_ID.test(request.id))
      return refuse(
        400,
        'id',
        'bonded.client_id',
        'the movement id is 1–80 letters, digits or . _ : -',
        '业务编号须为 1–80 位字母、数字或 . _ : -',
      );
    const decl = request.declaration ?? {};
    if (decl.supervisionMode !== undefined && !/^\d{4}$/.test(decl.supervisionMode))
      return refuse(
        400,
        'declaration.supervisionMode',
        'bonded.supervision_mode',
        'the supervision mode is a 4-digit code, e.g. 5000',
        '监管方式为 4 位代码，如 5000',
      );
    if (decl.transportMode !== undefined && !/^[0-9A-Z]$/.test(decl.transportMode))
      return refuse(
        400,
        'declaration.transportMode',
        'bonded.transport_mode',
        'the transport mode is one character, e.g. 3 (rail)',
        '运输方式为 1 位代码，如 3（铁路）',
      );
    if (decl.port !== undefined && !/^\d{4}$/.test(decl.port))
      return refuse(
        400,
        'declaration.port',
        'bonded.port',
        'the port is a 4-digit customs code',
        '口岸（关区）为 4 位代码',
      );
    const book = await this.visibleBook(principal, request.bookId);
    if (!book.ok) return book;
    if (
      principal &&
      !seesAllTenants(principal) &&
      !principal.roles.includes('customs-officer') &&
      book.value.organization_id !== principal.organizationId
    )
      return refuse(
        403,
        'bookId',
        'bonded.not_yours',
        'only the book’s enterprise or customs may post to it',
        '只有账册所属企业或海关可以记账',
      );
    const normalized = normalizeRequest(request);
    const requestHash = sha256(canonicalJson(normalized));
    const by = principal?.username ?? 'system';
    try {
      return await this.repo.transaction((tx) => this.postIn(tx, request, normalized, requestHash, by));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // a concurrent post of the same id (or a second reversal) won: answer as a retry would be answered
      const again = await this.repo.movementsByClientId(request.id);
      if (again.length > 0) return this.replay(again, normalized, requestHash);
      return refuse(
        409,
        'reverses',
        'bonded.already_reversed',
        `movement ${request.reverses} is already reversed`,
        `业务 ${request.reverses} 已冲正`,
      );
    }
  }

  private async replay(
    rows: MovementRow[],
    normalized: Record<string, unknown>,
    requestHash: string,
    repo: BondedRepository = this.repo,
  ): Promise<Outcome<PostOutcome>> {
    const original = rows[0]!;
    if (original.request_hash === requestHash)
      return { ok: true, value: { movement: await this.views(rows, repo), replayed: true } };
    const differ = Object.keys(normalized).filter(
      (k) => canonicalJson(normalized[k]) !== canonicalJson(original.request[k]),
    );
    return refuse(
      409,
      differ[0] ?? 'id',
      'bonded.id_conflict',
      `movement id ${original.client_id} was already used for a different movement (differs in: ${differ.join(', ')}); choose a new id`,
      `业务编号 ${original.client_id} 已用于另一笔不同的业务（不同之处：${differ.join('、')}）；请使用新编号`,
      { differs: differ, listNo: original.list_no },
    );
  }

  private async postIn(
    tx: BondedRepository,
    request: MovementRequest,
    normalized: Record<string, unknown>,
    requestHash: string,
    by: string,
  ): Promise<Outcome<PostOutcome>> {
    // which books: the request's, a transfer's receiver, or those of the movement reversed
    let original: MovementRow[] = [];
    if (request.type === 'reversal') {
      if (!request.reverses)
        return refuse(
          400,
          'reverses',
          'bonded.reverses_missing',
          'a reversal names the movement id it reverses',
          '冲正须指明被冲正的业务编号',
        );
      original = await tx.movementsByClientId(request.reverses);
    }
    const bookIds = new Set<string>([request.bookId]);
    if (request.type === 'transfer' && request.toBookId) bookIds.add(request.toBookId);
    for (const r of original) bookIds.add(r.book_id);
    const heads = new Map<string, BookRow>();
    for (const id of [...bookIds].sort()) {
      const b = await tx.lockBook(id);
      if (!b)
        return refuse(
          404,
          id === request.bookId ? 'bookId' : 'toBookId',
          'bonded.book_unknown',
          `no account book ${id}`,
          `没有账册 ${id}`,
        );
      heads.set(id, b);
    }
    const existing = await tx.movementsByClientId(request.id);
    if (existing.length > 0) return this.replay(existing, normalized, requestHash, tx);

    let entries: BookEntry[];
    if (request.type === 'reversal') {
      const primary = original.find((r) => r.role === 'primary');
      if (!primary || primary.book_id !== request.bookId)
        return refuse(
          404,
          'reverses',
          'bonded.reverses_unknown',
          `book ${request.bookId} has no movement ${request.reverses}`,
          `账册 ${request.bookId} 没有业务 ${request.reverses}`,
        );
      if (primary.type === 'reversal')
        return refuse(
          422,
          'reverses',
          'bonded.reverse_reversal',
          'a reversal cannot be reversed; post the movement again',
          '冲正业务不能再冲正；请重新记账',
        );
      if (await tx.reversalOf(primary.client_id))
        return refuse(
          409,
          'reverses',
          'bonded.already_reversed',
          `movement ${primary.client_id} is already reversed`,
          `业务 ${primary.client_id} 已冲正`,
        );
      const postings = await tx.postingsOf(original.map((r) => r.id));
      entries = original.map((r) => ({
        bookId: r.book_id,
        role: r.role,
        postings: reverse(
          postings
            .filter((p) => p.movement_id === r.id)
            .map((p) => ({ bookId: p.book_id, seqNo: p.seq_no, account: p.account, delta: p.delta })),
        ),
      }));
    } else {
      const items = await tx.listItems([...bookIds]);
      const defs = new Map<string, ItemDef>(
        items.map((i) => [
          itemKey(i.book_id, i.seq_no),
          { bookId: i.book_id, seqNo: i.seq_no, kind: i.kind, bom: i.bom },
        ]),
      );
      const planned = postingsFor(
        {
          type: request.type,
          bookId: request.bookId,
          lines: request.lines ?? [],
          toBookId: request.toBookId,
        },
        defs,
      );
      if (!planned.ok)
        return {
          ok: false,
          error: { ...planned.error, status: planned.error.code === 'bonded.item_unknown' ? 422 : 400 },
        };
      entries = planned.value;
    }
    const all = entries.flatMap((e) => e.postings);
    const keys = [
      ...new Map(all.map((p) => [itemKey(p.bookId, p.seqNo), { bookId: p.bookId, seqNo: p.seqNo }])).values(),
    ];
    const applied = applyToBalances(await tx.balances(keys), all);
    if (!applied.ok) return { ok: false, error: { ...applied.error, status: 422 } };

    const at = this.now().toISOString();
    const rows: MovementRow[] = [];
    for (const e of entries) {
      const head = heads.get(e.bookId)!;
      const seq = head.head_seq + 1;
      const base = {
        id: e.role === 'primary' ? request.id : `${request.id}#in`,
        client_id: request.id,
        role: e.role,
        book_id: e.bookId,
        book_seq: seq,
        type: request.type,
        list_no: `QD${e.bookId}${String(seq).padStart(6, '0')}`,
        reverses: request.reverses ?? null,
        request: normalized,
        recorded_by: by,
        recorded_at: at,
      };
      const postings: PostingRow[] = e.postings.map((p, line) => ({
        movement_id: base.id,
        line: line + 1,
        book_id: p.bookId,
        seq_no: p.seqNo,
        account: p.account,
        delta: p.delta,
      }));
      const content = contentHash(rowContent(base, postings));
      const hash = linkHash(head.head_hash, e.bookId, seq, content);
      const row: MovementRow = {
        ...base,
        request_hash: requestHash,
        content_hash: content,
        prev_hash: head.head_hash,
        hash,
      };
      await tx.insertMovement(row, postings);
      for (const p of postings)
        if (p.account === 'stock') await tx.addToBalance(p.book_id, p.seq_no, p.delta);
      await tx.setHead(e.bookId, seq, hash);
      heads.set(e.bookId, { ...head, head_seq: seq, head_hash: hash });
      await tx.insertStatus(row.id, 1, by, at);
      rows.push(row);
    }
    return { ok: true, value: { movement: await this.views(rows, tx), replayed: false } };
  }

  /** Walks a book's chain: every row's content and link, and the book's head. */
  async verify(
    principal: Principal | null,
    bookId: string,
  ): Promise<Outcome<{ bookId: string; rows: number; intact: boolean; problems: ChainProblem[] }>> {
    const book = await this.visibleBook(principal, bookId);
    if (!book.ok) return book;
    const rows = await this.repo.listMovements(bookId);
    const postings = await this.repo.postingsOf(rows.map((r) => r.id));
    const byRow = new Map<string, PostingRow[]>();
    for (const p of postings) byRow.set(p.movement_id, [...(byRow.get(p.movement_id) ?? []), p]);
    const problems = verifyChain(
      bookId,
      rows.map((r) => ({
        bookSeq: r.book_seq,
        rowId: r.id,
        recomputedContentHash: contentHash(rowContent(r, byRow.get(r.id) ?? [])),
        storedContentHash: r.content_hash,
        prevHash: r.prev_hash,
        hash: r.hash,
      })),
      { seq: book.value.head_seq, hash: book.value.head_hash },
    );
    return { ok: true, value: { bookId, rows: rows.length, intact: problems.length === 0, problems } };
  }

  /**
   * Changes an inventory list's deduction status (by row id or list number) — for customs: a release
   * (CUSR) moves 1 → 2, a write-off 2 → 3, a withdrawn pre-deduction 1 → 0. Appends to the history.
   */
  async setDeductionStatus(
    listId: string,
    status: DeductionStatus,
    by = 'system',
  ): Promise<Outcome<MovementView>> {
    const found = await this.repo.findMovement(listId);
    if (!found)
      return refuse(
        404,
        'listId',
        'bonded.list_unknown',
        `no inventory list ${listId}`,
        `没有核注清单 ${listId}`,
      );
    return this.repo.transaction(async (tx) => {
      await tx.lockMovement(found.id);
      const current = (await tx.statuses([found.id])).get(found.id)?.status ?? 0;
      if (current === status) return { ok: true, value: (await this.views([found], tx))[0]! };
      if (!canChangeStatus(current, status))
        return refuse(
          409,
          'status',
          'bonded.status_transition',
          `an inventory list cannot go from status ${current} to ${status}`,
          `核注清单状态不能从 ${current} 变为 ${status}`,
          { from: current, to: status },
        );
      await tx.insertStatus(found.id, status, by, this.now().toISOString());
      return { ok: true, value: (await this.views([found], tx))[0]! };
    });
  }
}
