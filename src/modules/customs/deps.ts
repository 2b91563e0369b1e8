/**
 * What customs works with: the other modules' services it needs (wired in the composition root), the
 * stored tracking events it reads back, and the context its parts share (repository, deps, clock).
 */
import type { Bilingual } from '../../domain/text';
import type { Principal } from '../../platform/http/access';
import type { CustomsRepository } from './repository';

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

/** What the parts of the customs service share. */
export interface CustomsContext {
  readonly repo: CustomsRepository;
  readonly deps: CustomsDeps;
  readonly now: () => Date;
}

/** The device the platform's own events (an officer's decisions) are recorded under. */
export const PLATFORM_DEVICE = 'lugang-platform';
