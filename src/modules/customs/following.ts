/**
 * Following a declaration's clearance: the customs events Tracking stores for its boxes (CUSS, CUSI,
 * CUSR; classifier ACT; from the platform itself or a trusted organization's device) and the
 * retractions of applied ones move its state; a release deducts its inventory lists (pre-deducted 1 →
 * deducted 2) once. A retracted release takes an undeducted declaration back to the state its other
 * events give; once deducted it goes to `review` with a bilingual reason.
 *
 * The bus ('tracking.events') makes the reactions immediate; it is not durable, so `start` first
 * listens, then catches up from the stored events of every followed declaration's boxes and finishes
 * the deductions of released declarations not yet done.
 */
import type { EventBus } from '../../platform/events/bus';
import { EQUIPMENT_CODES } from '../tracking/events';
import { CUSTOMS_CODES, nextState, reviewReason } from './clearance';
import { type CustomsContext, PLATFORM_DEVICE } from './deps';
import type { AppliedEventRow, DeclarationRow, RetractionRow, ReviewFlag } from './repository';

export class ClearanceFollower {
  private readonly pending = new Set<Promise<unknown>>();
  private off: (() => void) | undefined;

  constructor(private readonly ctx: CustomsContext) {}

  /**
   * Re-reads the stored events of a followed declaration's boxes: applies its customs events (ACT,
   * trusted devices) and the retractions of applied ones (by the same device).
   */
  async syncOne(d: DeclarationRow, by = 'tracking'): Promise<void> {
    if (d.status === 'rejected' || d.containers.length === 0) return;
    const events = await this.ctx.deps.tracking.eventsOfBoxes({
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
          ok = await this.ctx.deps.trusted(e.organization_id);
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
  async apply(
    id: string,
    rows: ReadonlyArray<Omit<AppliedEventRow, 'applied_at'>>,
    cause: string,
    by: string,
    retractions: ReadonlyArray<Omit<RetractionRow, 'applied_at'>> = [],
  ): Promise<void> {
    const became = await this.ctx.repo.transaction(async (tx) => {
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
      const at = this.ctx.now().toISOString();
      const why = fresh > 0 ? `retracted: ${[...gone].join(',')}` : cause;
      await tx.setStatus(id, next, at, why, by);
      await tx.setReview(id, next === 'review' ? reviewFlag(all, gone, at) : null);
      return next;
    });
    if (became === 'released') await this.deduct(id);
  }

  /** Moves the released declaration's inventory lists to deducted (2), once; problems are kept on it. */
  private async deduct(id: string): Promise<void> {
    const d = await this.ctx.repo.find(id);
    if (d?.status !== 'released' || d.lists_deducted_at) return;
    const problems: NonNullable<DeclarationRow['deduction_problems']> = [];
    for (const listNo of d.list_nos) {
      const r = await this.ctx.deps.bonded.setDeductionStatus(listNo, 2, `customs ${id}`);
      if (!r.ok) problems.push({ listNo, code: r.error.code, message: r.error.message });
    }
    // a retraction may have moved the declaration meanwhile: the stock moved all the same → review
    await this.ctx.repo.transaction(async (tx) => {
      await tx.markDeducted(id, this.ctx.now().toISOString(), problems.length > 0 ? problems : null);
      const now = await tx.lock(id);
      if (!now || now.status === 'released' || now.status === 'rejected' || !listsDeducted(now)) return;
      const at = this.ctx.now().toISOString();
      const [all, gone] = await Promise.all([tx.events(id), tx.retractions(id)]);
      await tx.setStatus(id, 'review', at, 'deducted after the release was retracted', 'customs');
      await tx.setReview(id, reviewFlag(all, new Set(gone.map((r) => `${r.device_id}/${r.event_id}`)), at));
    });
  }

  /** Applies stored events to every open declaration and finishes pending deductions (run at start). */
  async catchUp(): Promise<{ open: number; deducted: number }> {
    const days = this.ctx.deps.retractionDays ?? 30;
    const open = await this.ctx.repo.followedDeclarations({
      releasedSince: new Date(this.ctx.now().getTime() - days * 86_400_000).toISOString(),
    });
    for (const d of open) await this.syncOne(d);
    const pending = await this.ctx.repo.releasedNotDeducted();
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
    for (const d of await this.ctx.repo.followedDeclarations({ boxes })) await this.syncOne(d);
  }

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
