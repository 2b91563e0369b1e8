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
import type { Outcome } from '../../domain/refusal';
import type { EventBus } from '../../platform/events/bus';
import type { Principal } from '../../platform/http/access';
import type { ClearanceState, Decision } from './clearance';
import { decide } from './decisions';
import { fileDeclaration, type NewDeclaration } from './declarations';
import type { CustomsContext, CustomsDeps } from './deps';
import { ClearanceFollower } from './following';
import type { CustomsRepository } from './repository';
import { type DeclarationView, declarationView, declarationViews } from './views';

export type { Outcome, Refusal } from '../../domain/refusal';
export type { NewDeclaration } from './declarations';
export type { CustomsDeps, TrackedEvent } from './deps';
export type { DeclarationView, ListLink } from './views';

export class CustomsService {
  private readonly ctx: CustomsContext;
  private readonly follower: ClearanceFollower;

  constructor(repo: CustomsRepository, deps: CustomsDeps) {
    this.ctx = { repo, deps, now: deps.now ?? (() => new Date()) };
    this.follower = new ClearanceFollower(this.ctx);
  }

  async create(principal: Principal, input: NewDeclaration): Promise<Outcome<DeclarationView>> {
    const filed = await fileDeclaration(this.ctx, principal, input);
    if (!filed.ok) return filed;
    // only customs events stored from now on count for this declaration (not an earlier one of its boxes)
    return { ok: true, value: (await declarationView(this.ctx, null, filed.value))! };
  }

  async get(principal: Principal | null, id: string): Promise<DeclarationView | undefined> {
    return declarationView(this.ctx, principal, id);
  }

  async list(
    principal: Principal | null,
    filter: { status?: ClearanceState; limit?: number } = {},
  ): Promise<DeclarationView[]> {
    return declarationViews(this.ctx, principal, filter);
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
    return decide(this.ctx, this.follower, principal, id, decision, reason);
  }

  /** Applies stored events to every open declaration and finishes pending deductions (run at start). */
  async catchUp(): Promise<{ open: number; deducted: number }> {
    return this.follower.catchUp();
  }

  /** Reacts to stored tracking events that are customs events of a box, or retractions about a box. */
  async onEvents(
    events: ReadonlyArray<{ eventCode: string; equipment: string | null; retractedEventId?: string | null }>,
  ): Promise<void> {
    return this.follower.onEvents(events);
  }

  /** Listens on the bus, then catches up on what was stored while nobody listened. */
  async start(bus: EventBus): Promise<void> {
    return this.follower.start(bus);
  }

  /** Stops listening (reactions under way finish; await `settled`). */
  stop(): void {
    this.follower.stop();
  }

  /** Resolves when every reaction started so far has finished (tests, clean stop). */
  async settled(): Promise<void> {
    return this.follower.settled();
  }
}
