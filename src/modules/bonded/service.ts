import { type Principal, seesAllTenants } from '../../platform/http/access';
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
  type ItemDef,
  itemKey,
  postingsFor,
  reverse,
} from './ledger';
import type { BondedRepository, BookRow, MovementRow, PostingRow } from './repository';
import {
  BOOK_NO,
  CLIENT_ID,
  checkNewItems,
  type MovementRequest,
  type NewBook,
  type NewItem,
  normalizeRequest,
  type Outcome,
  type PostOutcome,
  refuse,
  rowContent,
} from './requests';
import { type BookView, bookView, type MovementView, movementViews } from './views';

export type {
  Declaration,
  MovementRequest,
  NewBook,
  NewItem,
  Outcome,
  PostOutcome,
  Refusal,
} from './requests';

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
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
    const items = checkNewItems(bookNo, input.items ?? [], []);
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
    const checked = checkNewItems(bookId, items, existing);
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

  /**
   * One page of a book's movements with a cursor to the next: `asc` is ledger order (oldest first),
   * `desc` newest first. The cursor is the last row's book sequence number; null when no more rows.
   */
  async movementPage(
    principal: Principal | null,
    bookId: string,
    page: { cursor?: string | undefined; limit: number; order: 'asc' | 'desc' },
  ): Promise<Outcome<{ items: MovementView[]; nextCursor: string | null }>> {
    let seq: number | undefined;
    if (page.cursor !== undefined) {
      seq = /^\d{1,9}$/.test(page.cursor) ? Number(page.cursor) : Number.NaN;
      if (!Number.isSafeInteger(seq))
        return refuse(
          400,
          'cursor',
          'bonded.cursor',
          'the cursor is the nextCursor of an earlier page',
          '游标须为上一页返回的 nextCursor',
        );
    }
    const book = await this.visibleBook(principal, bookId);
    if (!book.ok) return book;
    const rows = await this.repo.listMovements(bookId, {
      order: page.order,
      limit: page.limit + 1,
      ...(seq === undefined ? {} : page.order === 'asc' ? { afterSeq: seq } : { beforeSeq: seq }),
    });
    const more = rows.length > page.limit;
    const shown = rows.slice(0, page.limit);
    return {
      ok: true,
      value: {
        items: await this.views(shown),
        nextCursor: more ? String(shown[shown.length - 1]!.book_seq) : null,
      },
    };
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
