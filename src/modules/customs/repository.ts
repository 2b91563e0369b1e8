/** The only SQL of the customs module: declarations, their boxes, applied events, status history. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/connect';
import type { ClearanceState, DeclarationType } from './clearance';

export interface DeclarationItem {
  seqNo: number;
  hsCode: string;
  nameZh: string;
  nameEn: string;
  quantity: number;
  unit: string;
  valueMinor: number;
  currency: string;
}

export interface DeclarationRow {
  id: string;
  organization_id: string;
  enterprise_id: string | null;
  type: DeclarationType;
  trade_mode: string;
  port: string;
  items: DeclarationItem[];
  booking_ids: string[];
  containers: string[];
  list_nos: string[];
  status: ClearanceState;
  status_at: string;
  lists_deducted_at: string | null;
  deduction_problems: Array<{ listNo: string; code: string; message: { en: string; zh: string } }> | null;
  /** Set while in `review`: why, since when, which retracted events. */
  review: ReviewFlag | null;
  created_by: string;
  created_at: string;
}

export interface AppliedEventRow {
  declaration_id: string;
  device_id: string;
  event_id: string;
  code: string;
  container: string | null;
  event_time: string;
  applied_at: string;
}

export interface ReviewFlag {
  reason: { en: string; zh: string };
  since: string;
  retracted: Array<{ deviceId: string; eventId: string; code: string; container: string | null }>;
}

/** An applied event that a later event of the same device retracted. */
export interface RetractionRow {
  declaration_id: string;
  device_id: string;
  event_id: string;
  retracting_event_id: string;
  applied_at: string;
}

export interface HistoryRow {
  id: number;
  declaration_id: string;
  status: string;
  cause: string;
  by: string;
  at: string;
}

type Json<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null };

type CustomsTables = {
  customs_declarations: Omit<
    Json<
      DeclarationRow,
      'items' | 'booking_ids' | 'containers' | 'list_nos' | 'deduction_problems' | 'review'
    >,
    'created_at' | 'review'
  > & { created_at?: string; review?: string | null };
  customs_retractions: Omit<RetractionRow, 'applied_at'> & { applied_at?: string };
  customs_declaration_boxes: { declaration_id: string; container: string };
  customs_events: Omit<AppliedEventRow, 'applied_at'> & { applied_at?: string };
  customs_status_history: Omit<HistoryRow, 'id' | 'at'> & { id?: number; at?: string };
};

const OPEN: ClearanceState[] = ['submitted', 'scan', 'inspection', 'review'];
/** States whose events are still followed: open ones, and released ones (a release may be retracted). */
const FOLLOWED: ClearanceState[] = [...OPEN, 'released'];

export class CustomsRepository {
  private readonly db: Kysely<CustomsTables>;

  constructor(db: Db | Kysely<CustomsTables>) {
    this.db = (db as Db).withTables ? (db as Db).withTables<CustomsTables>() : (db as Kysely<CustomsTables>);
  }

  transaction<T>(fn: (tx: CustomsRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx: Transaction<CustomsTables>) => fn(new CustomsRepository(trx)));
  }

  async nextSeq(): Promise<number> {
    const r = await sql<{ n: string }>`select nextval('customs_declaration_seq') as n`.execute(this.db);
    return Number(r.rows[0]!.n);
  }

  async insert(row: Omit<DeclarationRow, 'created_at' | 'review'>): Promise<void> {
    await this.db
      .insertInto('customs_declarations')
      .values({
        ...row,
        items: JSON.stringify(row.items),
        booking_ids: JSON.stringify(row.booking_ids),
        containers: JSON.stringify(row.containers),
        list_nos: JSON.stringify(row.list_nos),
        deduction_problems: row.deduction_problems ? JSON.stringify(row.deduction_problems) : null,
      })
      .execute();
    if (row.containers.length > 0)
      await this.db
        .insertInto('customs_declaration_boxes')
        .values(row.containers.map((c) => ({ declaration_id: row.id, container: c })))
        .execute();
  }

  find(id: string): Promise<DeclarationRow | undefined> {
    return this.db
      .selectFrom('customs_declarations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst() as Promise<DeclarationRow | undefined>;
  }

  lock(id: string): Promise<DeclarationRow | undefined> {
    return this.db
      .selectFrom('customs_declarations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst() as Promise<DeclarationRow | undefined>;
  }

  list(f: { organizationId?: string; status?: ClearanceState; limit: number }): Promise<DeclarationRow[]> {
    let q = this.db
      .selectFrom('customs_declarations')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
    if (f.organizationId) q = q.where('organization_id', '=', f.organizationId);
    if (f.status) q = q.where('status', '=', f.status);
    return q.limit(f.limit).execute() as unknown as Promise<DeclarationRow[]>;
  }

  /**
   * Declarations whose events are still followed (open, in review, or released — a release may be
   * retracted) having any of these boxes; without `boxes`, all of them, released ones only when
   * released since `releasedSince`.
   */
  followedDeclarations(q: { boxes?: readonly string[]; releasedSince?: string }): Promise<DeclarationRow[]> {
    let s = this.db.selectFrom('customs_declarations').selectAll().where('status', 'in', FOLLOWED);
    if (q.boxes) {
      if (q.boxes.length === 0) return Promise.resolve([]);
      const boxes = [...q.boxes];
      s = s.where('id', 'in', (eb) =>
        eb.selectFrom('customs_declaration_boxes').select('declaration_id').where('container', 'in', boxes),
      );
    }
    if (q.releasedSince) {
      const since = q.releasedSince;
      s = s.where((eb) => eb.or([eb('status', '!=', 'released'), eb('status_at', '>=', since)]));
    }
    return s.orderBy('id').execute() as unknown as Promise<DeclarationRow[]>;
  }

  /** Records retractions of applied events (each once); returns how many were new. */
  async applyRetractions(rows: ReadonlyArray<Omit<RetractionRow, 'applied_at'>>): Promise<number> {
    if (rows.length === 0) return 0;
    const out = await this.db
      .insertInto('customs_retractions')
      .values([...rows])
      .onConflict((oc) => oc.columns(['declaration_id', 'device_id', 'event_id']).doNothing())
      .returning('event_id')
      .execute();
    return out.length;
  }

  retractions(declarationId: string): Promise<RetractionRow[]> {
    return this.db
      .selectFrom('customs_retractions')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .orderBy('applied_at')
      .orderBy('event_id')
      .execute() as Promise<RetractionRow[]>;
  }

  async setReview(id: string, review: ReviewFlag | null): Promise<void> {
    await this.db
      .updateTable('customs_declarations')
      .set({ review: review ? JSON.stringify(review) : null })
      .where('id', '=', id)
      .execute();
  }

  /** Released declarations whose inventory lists were not yet moved to deducted. */
  releasedNotDeducted(): Promise<DeclarationRow[]> {
    return this.db
      .selectFrom('customs_declarations')
      .selectAll()
      .where('status', '=', 'released')
      .where('lists_deducted_at', 'is', null)
      .orderBy('id')
      .execute() as unknown as Promise<DeclarationRow[]>;
  }

  /** Inserts the events not yet applied to the declaration; returns how many were new. */
  async applyEvents(rows: ReadonlyArray<Omit<AppliedEventRow, 'applied_at'>>): Promise<number> {
    if (rows.length === 0) return 0;
    const out = await this.db
      .insertInto('customs_events')
      .values([...rows])
      .onConflict((oc) => oc.columns(['declaration_id', 'device_id', 'event_id']).doNothing())
      .returning('event_id')
      .execute();
    return out.length;
  }

  events(declarationId: string): Promise<AppliedEventRow[]> {
    return this.db
      .selectFrom('customs_events')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .orderBy('event_time')
      .orderBy('event_id')
      .execute() as Promise<AppliedEventRow[]>;
  }

  async setStatus(id: string, status: ClearanceState, at: string, cause: string, by: string): Promise<void> {
    await this.db
      .updateTable('customs_declarations')
      .set({ status, status_at: at })
      .where('id', '=', id)
      .execute();
    await this.db
      .insertInto('customs_status_history')
      .values({ declaration_id: id, status, cause, by, at })
      .execute();
  }

  async markDeducted(id: string, at: string, problems: DeclarationRow['deduction_problems']): Promise<void> {
    await this.db
      .updateTable('customs_declarations')
      .set({ lists_deducted_at: at, deduction_problems: problems ? JSON.stringify(problems) : null })
      .where('id', '=', id)
      .execute();
  }

  history(id: string): Promise<HistoryRow[]> {
    return this.db
      .selectFrom('customs_status_history')
      .selectAll()
      .where('declaration_id', '=', id)
      .orderBy('id')
      .execute() as Promise<HistoryRow[]>;
  }
}
