/**
 * A declaration as the API shows it: its items and links, its inventory lists with their deduction
 * status (read from the bonded service), its applied customs events (retracted ones marked), its
 * history and, while in review, why. Only the declaration's own tenant or a cross-tenant role sees it.
 */
import type { Bilingual } from '../../domain/text';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { bookOfList, type ClearanceState, type DeclarationType, STATE_NAMES } from './clearance';
import type { CustomsContext, CustomsDeps } from './deps';
import type { DeclarationItem, DeclarationRow, ReviewFlag } from './repository';

export interface ListLink {
  listNo: string;
  bookNo: string | null;
  deductionStatus: number | null;
  deductionStatusNames: Bilingual | null;
}

export interface DeclarationView {
  id: string;
  declarationNo: string;
  organizationId: string;
  enterpriseId: string | null;
  type: DeclarationType;
  tradeMode: string;
  port: string;
  items: DeclarationItem[];
  totalValueMinor: number;
  bookingIds: string[];
  containers: string[];
  lists: ListLink[];
  status: ClearanceState;
  statusNames: Bilingual;
  statusAt: string;
  listsDeductedAt: string | null;
  deductionProblems: DeclarationRow['deduction_problems'];
  /** While in review: why (zh/en), since when, the retracted events. */
  review: ReviewFlag | null;
  events: Array<{
    code: string;
    container: string | null;
    eventTime: string;
    deviceId: string;
    eventId: string;
    /** A later event of the same device retracted it: it no longer counts. */
    retracted: boolean;
  }>;
  history: Array<{ status: string; cause: string; by: string; at: string }>;
  createdBy: string;
  createdAt: string;
}

/** The bonded service's answers per book, read once for a list of declarations. */
type Books = Map<string, Awaited<ReturnType<CustomsDeps['bonded']['listMovements']>>>;

function sees(principal: Principal | null, d: DeclarationRow): boolean {
  return !principal || seesAllTenants(principal) || principal.organizationId === d.organization_id;
}

/** One declaration as `principal` sees it (null: every one), or undefined. */
export async function declarationView(
  ctx: CustomsContext,
  principal: Principal | null,
  id: string,
): Promise<DeclarationView | undefined> {
  const row = await ctx.repo.find(id);
  if (!row || !sees(principal, row)) return undefined;
  return toView(ctx, row, new Map());
}

/** The declarations `principal` sees, newest first as the repository lists them. */
export async function declarationViews(
  ctx: CustomsContext,
  principal: Principal | null,
  filter: { status?: ClearanceState; limit?: number },
): Promise<DeclarationView[]> {
  const own = principal && !seesAllTenants(principal) ? principal.organizationId : undefined;
  const rows = await ctx.repo.list({
    ...(own ? { organizationId: own } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    limit: filter.limit ?? 200,
  });
  const books: Books = new Map();
  const out: DeclarationView[] = [];
  for (const r of rows) out.push(await toView(ctx, r, books));
  return out;
}

async function toView(ctx: CustomsContext, r: DeclarationRow, books: Books): Promise<DeclarationView> {
  const [events, history, retractions] = await Promise.all([
    ctx.repo.events(r.id),
    ctx.repo.history(r.id),
    ctx.repo.retractions(r.id),
  ]);
  const gone = new Set(retractions.map((x) => `${x.device_id}/${x.event_id}`));
  const lists: ListLink[] = [];
  for (const listNo of r.list_nos) {
    const book = bookOfList(listNo);
    let found: ListLink = { listNo, bookNo: book, deductionStatus: null, deductionStatusNames: null };
    if (book) {
      let res = books.get(book);
      if (!res) {
        res = await ctx.deps.bonded.listMovements(null, book);
        books.set(book, res);
      }
      const m = res.ok ? res.value.find((x) => x.listNo === listNo) : undefined;
      if (m)
        found = {
          listNo,
          bookNo: m.bookNo,
          deductionStatus: m.deductionStatus,
          deductionStatusNames: m.deductionStatusNames,
        };
    }
    lists.push(found);
  }
  return {
    id: r.id,
    declarationNo: r.id,
    organizationId: r.organization_id,
    enterpriseId: r.enterprise_id,
    type: r.type,
    tradeMode: r.trade_mode,
    port: r.port,
    items: r.items,
    totalValueMinor: r.items.reduce((s, i) => s + i.valueMinor, 0),
    bookingIds: r.booking_ids,
    containers: r.containers,
    lists,
    status: r.status,
    statusNames: STATE_NAMES[r.status],
    statusAt: r.status_at,
    listsDeductedAt: r.lists_deducted_at,
    deductionProblems: r.deduction_problems,
    review: r.status === 'review' ? r.review : null,
    events: events.map((e) => ({
      code: e.code,
      container: e.container,
      eventTime: e.event_time,
      deviceId: e.device_id,
      eventId: e.event_id,
      retracted: gone.has(`${e.device_id}/${e.event_id}`),
    })),
    history: history.map((h) => ({ status: h.status, cause: h.cause, by: h.by, at: h.at })),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
