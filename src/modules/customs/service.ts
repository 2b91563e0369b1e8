/**
 * Customs declarations and clearance. A declaration links bookings, boxes and bonded inventory lists
 * (核注清单). Its clearance follows the customs events Tracking stores for its boxes (CUSS, CUSI, CUSR;
 * classifier ACT; from the platform itself or from a device of the port operator, customs or a border
 * port — a shipper's tracker cannot clear its own box). An officer's decision is recorded as those
 * events through Tracking, so the box's history shows it too. When a declaration is released, each
 * linked inventory list moves from pre-deducted (1) to deducted (2) through the bonded service — which
 * appends a status only when it changes, so replays and duplicates deduct once.
 *
 * Retractions: a later event of the same device naming an applied event in `retractedEventId` (any
 * EQUIPMENT event about the box) retracts it: it stays in the declaration's history, marked, and no
 * longer counts. A retracted release takes an undeducted declaration back to the state its other
 * events give; once the lists were deducted the stock movement stands and the declaration goes to
 * `review` with a bilingual reason — an officer decides (release again, or reject).
 *
 * Reactions: the bus ('tracking.events') makes them immediate; it is not durable, so `start` first
 * listens, then catches up from the stored events of every followed declaration's boxes (open, in
 * review, or released within the last `retractionDays`; received since the declaration was made) and
 * finishes the deductions of released declarations not yet done.
 */
import { type Outcome, refuse } from '../../domain/refusal';
import type { Bilingual } from '../../domain/text';
import type { EventBus } from '../../platform/events/bus';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { lookupHs } from '../codes/service';
import { EQUIPMENT_CODES } from '../tracking/events';
import {
  bookOfList,
  type ClearanceState,
  CUSTOMS_CODES,
  DECISION_CODE,
  type Decision,
  type DeclarationType,
  declarationNo,
  isOpen,
  nextState,
  reviewReason,
  STATE_NAMES,
} from './clearance';
import type {
  AppliedEventRow,
  CustomsRepository,
  DeclarationItem,
  DeclarationRow,
  RetractionRow,
  ReviewFlag,
} from './repository';

export type { Outcome, Refusal } from '../../domain/refusal';

/** A stored tracking event as customs reads it back. */
export interface TrackedEvent {
  device_id: string;
  event_id: string;
  organization_id: string;
  event_code: string;
  classifier: string;
  event_time: string;
  equipment: string | null;
  retracted_event_id: string | null;
}

/** What customs needs of the other modules (their services, wired in the composition root). */
export interface CustomsDeps {
  readonly tracking: {
    recordPlatformEvents(
      organizationId: string,
      events: readonly unknown[],
    ): Promise<{
      quarantined: number;
      results: ReadonlyArray<{ outcome: string; reason?: { message: Bilingual } }>;
    }>;
    eventsOfBoxes(q: {
      codes: readonly string[];
      equipment: readonly string[];
      receivedFrom: string;
    }): Promise<TrackedEvent[]>;
  };
  readonly bonded: {
    setDeductionStatus(
      listId: string,
      status: 0 | 1 | 2 | 3,
      by?: string,
    ): Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: Bilingual } }>;
    listMovements(
      principal: Principal | null,
      bookId: string,
    ): Promise<
      | {
          ok: true;
          value: ReadonlyArray<{
            listNo: string;
            deductionStatus: number;
            deductionStatusNames: Bilingual;
            bookNo: string;
          }>;
        }
      | { ok: false; error: { code: string; message: Bilingual } }
    >;
  };
  readonly bookings: {
    get(principal: Principal, id: string): Promise<{ organizationId: string } | undefined>;
  };
  readonly enterprises: {
    get(principal: Principal | null, id: string): Promise<{ id: string; organizationId: string } | undefined>;
  };
  /** Whether events from devices of this organization may move a clearance (the platform's always may). */
  readonly trusted: (organizationId: string) => Promise<boolean>;
  readonly now?: () => Date;
  /** How long after its release a declaration's events are still caught up on start (default 30 days). */
  readonly retractionDays?: number;
}

export interface NewDeclaration {
  readonly type: DeclarationType;
  readonly tradeMode: string;
  readonly port: string;
  readonly enterpriseId?: string | undefined;
  readonly organizationId?: string | undefined;
  readonly items: ReadonlyArray<Omit<DeclarationItem, 'currency'> & { currency?: string | undefined }>;
  readonly bookingIds?: readonly string[] | undefined;
  readonly containers?: readonly string[] | undefined;
  readonly listNos?: readonly string[] | undefined;
}

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

const PLATFORM_DEVICE = 'lugang-platform';

export class CustomsService {
  private readonly now: () => Date;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly repo: CustomsRepository,
    private readonly deps: CustomsDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  private sees(principal: Principal | null, d: DeclarationRow): boolean {
    return !principal || seesAllTenants(principal) || principal.organizationId === d.organization_id;
  }

  async create(principal: Principal, input: NewDeclaration): Promise<Outcome<DeclarationView>> {
    if (!/^\d{4}$/.test(input.tradeMode))
      return refuse(
        400,
        'tradeMode',
        'customs.trade_mode',
        'the trade mode (监管方式) is a 4-digit code, e.g. 0110 general trade',
        '监管方式为 4 位代码，如 0110 一般贸易',
      );
    if (!/^\d{4}$/.test(input.port))
      return refuse(
        400,
        'port',
        'customs.port',
        'the customs district (关区) is a 4-digit code',
        '关区代码为 4 位数字',
      );
    if (input.items.length === 0)
      return refuse(
        400,
        'items',
        'customs.items',
        'a declaration has at least one item',
        '报关单至少有一项商品',
      );
    const items: DeclarationItem[] = [];
    for (const [i, it] of input.items.entries()) {
      const digits = it.hsCode.replace(/[.\s]/g, '');
      const hs = lookupHs(/^\d{6,10}$/.test(digits) ? digits.slice(0, 6) : it.hsCode, `items.${i}.hsCode`);
      if (!hs.ok) return { ok: false, error: { ...hs.error, status: 400 } };
      items.push({ ...it, hsCode: digits, currency: it.currency ?? 'CNY' });
    }
    // whose declaration: the caller's organization; customs or the operator may file for an enterprise
    let organizationId = principal.organizationId;
    let enterpriseId: string | null = null;
    if (input.enterpriseId) {
      const e = await this.deps.enterprises.get(principal, input.enterpriseId);
      if (!e)
        return refuse(
          404,
          'enterpriseId',
          'customs.enterprise_unknown',
          `no enterprise ${input.enterpriseId}`,
          `没有企业 ${input.enterpriseId}`,
        );
      enterpriseId = e.id;
      if (seesAllTenants(principal)) organizationId = e.organizationId;
    }
    if (input.organizationId && seesAllTenants(principal) && !input.enterpriseId)
      organizationId = input.organizationId;
    for (const [i, id] of (input.bookingIds ?? []).entries()) {
      if (!(await this.deps.bookings.get(principal, id)))
        return refuse(
          404,
          `bookingIds.${i}`,
          'customs.booking_unknown',
          `no booking ${id}`,
          `没有订舱 ${id}`,
        );
    }
    const listNos = [...new Set(input.listNos ?? [])];
    for (const [i, listNo] of listNos.entries()) {
      const book = bookOfList(listNo);
      const lists = book ? await this.deps.bonded.listMovements(principal, book) : undefined;
      if (!lists?.ok || !lists.value.some((m) => m.listNo === listNo))
        return refuse(
          404,
          `listNos.${i}`,
          'customs.list_unknown',
          `no inventory list ${listNo} (核注清单编号 QD + book no. + sequence)`,
          `没有核注清单 ${listNo}`,
        );
    }
    const containers = [...new Set(input.containers ?? [])];
    const at = this.now();
    const id = declarationNo(input.port, at.getUTCFullYear(), input.type, await this.repo.nextSeq());
    await this.repo.transaction(async (tx) => {
      await tx.insert({
        id,
        organization_id: organizationId,
        enterprise_id: enterpriseId,
        type: input.type,
        trade_mode: input.tradeMode,
        port: input.port,
        items,
        booking_ids: [...new Set(input.bookingIds ?? [])],
        containers,
        list_nos: listNos,
        status: 'submitted',
        status_at: at.toISOString(),
        lists_deducted_at: null,
        deduction_problems: null,
        created_by: principal.username,
      });
      await tx.setStatus(id, 'submitted', at.toISOString(), 'declared', principal.username);
    });
    // only customs events stored from now on count for this declaration (not an earlier one of its boxes)
    return { ok: true, value: (await this.view(null, id))! };
  }

  async get(principal: Principal | null, id: string): Promise<DeclarationView | undefined> {
    return this.view(principal, id);
  }

  async list(
    principal: Principal | null,
    filter: { status?: ClearanceState; limit?: number } = {},
  ): Promise<DeclarationView[]> {
    const own = principal && !seesAllTenants(principal) ? principal.organizationId : undefined;
    const rows = await this.repo.list({
      ...(own ? { organizationId: own } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      limit: filter.limit ?? 200,
    });
    const books = new Map<string, Awaited<ReturnType<CustomsDeps['bonded']['listMovements']>>>();
    const out: DeclarationView[] = [];
    for (const r of rows) out.push(await this.toView(r, books));
    return out;
  }

  private async view(principal: Principal | null, id: string): Promise<DeclarationView | undefined> {
    const row = await this.repo.find(id);
    if (!row || !this.sees(principal, row)) return undefined;
    return this.toView(row, new Map());
  }

  private async toView(
    r: DeclarationRow,
    books: Map<string, Awaited<ReturnType<CustomsDeps['bonded']['listMovements']>>>,
  ): Promise<DeclarationView> {
    const [events, history, retractions] = await Promise.all([
      this.repo.events(r.id),
      this.repo.history(r.id),
      this.repo.retractions(r.id),
    ]);
    const gone = new Set(retractions.map((x) => `${x.device_id}/${x.event_id}`));
    const lists: ListLink[] = [];
    for (const listNo of r.list_nos) {
      const book = bookOfList(listNo);
      let found: ListLink = { listNo, bookNo: book, deductionStatus: null, deductionStatusNames: null };
      if (book) {
        let res = books.get(book);
        if (!res) {
          res = await this.deps.bonded.listMovements(null, book);
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

  /**
   * An officer's decision. Scan, inspect and release are recorded as CUSS / CUSI / CUSR events of the
   * declaration's boxes through Tracking (ids derived from the declaration: a retry records nothing
   * new) and applied at once; a rejection closes an open declaration.
   */
  async decide(
    principal: Principal,
    id: string,
    decision: Decision,
    reason?: string,
  ): Promise<Outcome<DeclarationView>> {
    const d = await this.repo.find(id);
    if (!d)
      return refuse(404, 'id', 'customs.declaration_unknown', `no declaration ${id}`, `没有报关单 ${id}`);
    const by = principal.username;
    if (decision === 'reject') {
      if (d.status === 'rejected') return { ok: true, value: (await this.view(null, id))! };
      const done = await this.repo.transaction(async (tx) => {
        const row = await tx.lock(id);
        if (!row || !isOpen(row.status)) return false;
        await tx.setStatus(
          id,
          'rejected',
          this.now().toISOString(),
          `decision: reject${reason ? ` — ${reason}` : ''}`,
          by,
        );
        return true;
      });
      if (!done)
        return refuse(
          409,
          'decision',
          'customs.not_open',
          `declaration ${id} is ${STATE_NAMES[d.status].en} and cannot be rejected`,
          `报关单 ${id} ${STATE_NAMES[d.status].zh}，不能退单`,
        );
      return { ok: true, value: (await this.view(null, id))! };
    }
    if (d.status === 'rejected')
      return refuse(
        409,
        'decision',
        'customs.rejected',
        `declaration ${id} was rejected`,
        `报关单 ${id} 已退单`,
      );
    const code = DECISION_CODE[decision];
    const at = this.now().toISOString();
    if (d.containers.length > 0) {
      // after a retraction the same decision is a new event (a retry without one records nothing new)
      const retracted = (await this.repo.retractions(id)).length;
      const suffix = retracted > 0 ? `-r${retracted}` : '';
      const events = d.containers.map((box) => ({
        eventType: 'EQUIPMENT',
        equipmentEventTypeCode: code,
        eventClassifierCode: 'ACT',
        eventId: `customs-${id}-${code}-${box}${suffix}`,
        eventDateTime: at,
        equipmentReference: box,
      }));
      const out = await this.deps.tracking.recordPlatformEvents(d.organization_id, events);
      const bad = out.results.find((r) => r.outcome === 'quarantined');
      if (bad)
        return refuse(
          422,
          'decision',
          'customs.event_refused',
          `tracking refused the event: ${bad.reason?.message.en ?? ''}`,
          `追踪模块拒收该事件：${bad.reason?.message.zh ?? ''}`,
        );
      await this.syncOne(d, by);
    } else {
      await this.apply(
        d.id,
        [
          {
            declaration_id: id,
            device_id: PLATFORM_DEVICE,
            event_id: `customs-${id}-${code}`,
            code,
            container: null,
            event_time: at,
          },
        ],
        `decision: ${decision}`,
        by,
      );
    }
    return { ok: true, value: (await this.view(null, id))! };
  }

  /**
   * Re-reads the stored events of a followed declaration's boxes: applies its customs events (ACT,
   * trusted devices) and the retractions of applied ones (by the same device).
   */
  private async syncOne(d: DeclarationRow, by = 'tracking'): Promise<void> {
    if (d.status === 'rejected' || d.containers.length === 0) return;
    const events = await this.deps.tracking.eventsOfBoxes({
      codes: EQUIPMENT_CODES,
      equipment: d.containers,
      receivedFrom: d.created_at,
    });
    const trust = new Map<string, boolean>();
    const rows: Array<Omit<AppliedEventRow, 'applied_at'>> = [];
    const retractions: Array<Omit<RetractionRow, 'applied_at'>> = [];
    const customs = CUSTOMS_CODES as readonly string[];
    for (const e of events) {
      if (e.retracted_event_id) {
        retractions.push({
          declaration_id: d.id,
          device_id: e.device_id,
          event_id: e.retracted_event_id,
          retracting_event_id: e.event_id,
        });
        continue;
      }
      if (!customs.includes(e.event_code) || e.classifier !== 'ACT' || !e.equipment) continue;
      if (e.device_id !== PLATFORM_DEVICE) {
        let ok = trust.get(e.organization_id);
        if (ok === undefined) {
          ok = await this.deps.trusted(e.organization_id);
          trust.set(e.organization_id, ok);
        }
        if (!ok) continue;
      }
      rows.push({
        declaration_id: d.id,
        device_id: e.device_id,
        event_id: e.event_id,
        code: e.event_code,
        container: e.equipment,
        event_time: e.event_time,
      });
    }
    if (rows.length > 0 || retractions.length > 0)
      await this.apply(
        d.id,
        rows,
        `events: ${[...new Set(rows.map((r) => r.code))].join(',')}`,
        by,
        retractions,
      );
  }

  /**
   * Applies events and retractions to one declaration (locked): only retractions of events applied to
   * it are kept; a new state is written with its cause; a release deducts.
   */
  private async apply(
    id: string,
    rows: ReadonlyArray<Omit<AppliedEventRow, 'applied_at'>>,
    cause: string,
    by: string,
    retractions: ReadonlyArray<Omit<RetractionRow, 'applied_at'>> = [],
  ): Promise<void> {
    const became = await this.repo.transaction(async (tx) => {
      const d = await tx.lock(id);
      if (!d || d.status === 'rejected') return null;
      await tx.applyEvents(rows);
      const all = await tx.events(id);
      const applied = new Set(all.map((e) => `${e.device_id}/${e.event_id}`));
      const fresh = await tx.applyRetractions(
        retractions.filter((r) => applied.has(`${r.device_id}/${r.event_id}`)),
      );
      const gone = new Set((await tx.retractions(id)).map((r) => `${r.device_id}/${r.event_id}`));
      const next = nextState(
        d.status,
        d.containers,
        all.map((e) => ({
          code: e.code,
          equipment: e.container,
          retracted: gone.has(`${e.device_id}/${e.event_id}`),
        })),
        listsDeducted(d),
      );
      if (next === d.status) return null;
      const at = this.now().toISOString();
      const why = fresh > 0 ? `retracted: ${[...gone].join(',')}` : cause;
      await tx.setStatus(id, next, at, why, by);
      await tx.setReview(id, next === 'review' ? reviewFlag(all, gone, at) : null);
      return next;
    });
    if (became === 'released') await this.deduct(id);
  }

  /** Moves the released declaration's inventory lists to deducted (2), once; problems are kept on it. */
  private async deduct(id: string): Promise<void> {
    const d = await this.repo.find(id);
    if (d?.status !== 'released' || d.lists_deducted_at) return;
    const problems: NonNullable<DeclarationRow['deduction_problems']> = [];
    for (const listNo of d.list_nos) {
      const r = await this.deps.bonded.setDeductionStatus(listNo, 2, `customs ${id}`);
      if (!r.ok) problems.push({ listNo, code: r.error.code, message: r.error.message });
    }
    // a retraction may have moved the declaration meanwhile: the stock moved all the same → review
    await this.repo.transaction(async (tx) => {
      await tx.markDeducted(id, this.now().toISOString(), problems.length > 0 ? problems : null);
      const now = await tx.lock(id);
      if (!now || now.status === 'released' || now.status === 'rejected' || !listsDeducted(now)) return;
      const at = this.now().toISOString();
      const [all, gone] = await Promise.all([tx.events(id), tx.retractions(id)]);
      await tx.setStatus(id, 'review', at, 'deducted after the release was retracted', 'customs');
      await tx.setReview(id, reviewFlag(all, new Set(gone.map((r) => `${r.device_id}/${r.event_id}`)), at));
    });
  }

  /** Applies stored events to every open declaration and finishes pending deductions (run at start). */
  async catchUp(): Promise<{ open: number; deducted: number }> {
    const days = this.deps.retractionDays ?? 30;
    const open = await this.repo.followedDeclarations({
      releasedSince: new Date(this.now().getTime() - days * 86_400_000).toISOString(),
    });
    for (const d of open) await this.syncOne(d);
    const pending = await this.repo.releasedNotDeducted();
    for (const d of pending) await this.deduct(d.id);
    return { open: open.length, deducted: pending.length };
  }

  /** Reacts to stored tracking events that are customs events of a box, or retractions about a box. */
  async onEvents(
    events: ReadonlyArray<{ eventCode: string; equipment: string | null; retractedEventId?: string | null }>,
  ): Promise<void> {
    const boxes = [
      ...new Set(
        events
          .filter(
            (e) =>
              ((CUSTOMS_CODES as readonly string[]).includes(e.eventCode) || e.retractedEventId) &&
              e.equipment,
          )
          .map((e) => e.equipment!),
      ),
    ];
    if (boxes.length === 0) return;
    for (const d of await this.repo.followedDeclarations({ boxes })) await this.syncOne(d);
  }

  private off: (() => void) | undefined;

  /** Listens on the bus, then catches up on what was stored while nobody listened. */
  async start(bus: EventBus): Promise<void> {
    this.off?.();
    this.off = bus.on('tracking.events', (events) => {
      const p = this.onEvents(events);
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p)).catch(() => undefined);
      return p;
    });
    await this.catchUp();
  }

  /** Stops listening (reactions under way finish; await `settled`). */
  stop(): void {
    this.off?.();
    this.off = undefined;
  }

  /** Resolves when every reaction started so far has finished (tests, clean stop). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Whether a declaration's inventory lists were deducted (at least one moved to 2). */
function listsDeducted(d: DeclarationRow): boolean {
  return d.lists_deducted_at !== null && d.list_nos.length > (d.deduction_problems?.length ?? 0);
}

function reviewFlag(
  all: readonly Omit<AppliedEventRow, 'applied_at'>[],
  gone: ReadonlySet<string>,
  since: string,
): ReviewFlag {
  const retracted = all
    .filter((e) => gone.has(`${e.device_id}/${e.event_id}`))
    .map((e) => ({ deviceId: e.device_id, eventId: e.event_id, code: e.code, container: e.container }));
  return { reason: reviewReason(retracted), since, retracted };
}
