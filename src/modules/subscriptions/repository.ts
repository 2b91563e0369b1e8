/**
 * The only SQL of the subscriptions module: webhook subscriptions, the delivery outbox, its marks and
 * the catch-up cursors — and one read-only query of the cold chain's alarms by change time, for the
 * catch-up (the cold chain's service offers no such read yet; see docs/subscriptions.md).
 */
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/connect';

export interface SubscriptionRow {
  id: string;
  organization_id: string;
  url: string;
  topics: string[];
  secret: string;
  event_seq: number;
  created_at: string;
  disabled_at: string | null;
}

export interface DeliveryRow {
  id: number;
  subscription_id: string;
  topic: string;
  payload: unknown;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** An outbox row to write, and the marks it stands for (alarm-notices.ts). */
export interface MarkedDelivery {
  readonly subscriptionId: string;
  readonly topic: string;
  readonly payload: unknown;
  readonly at: string;
  readonly key: string;
  readonly covers: readonly string[];
}

/** A place in a table ordered by (change time, id). */
export interface ChangeCursor {
  readonly at: string;
  readonly id: string;
}

type Tables = {
  webhook_marks: { subscription_id: string; key: string; created_at?: string };
  webhook_cursors: { topic: string; position: string; updated_at?: string };
  webhook_subscriptions: Omit<SubscriptionRow, 'created_at' | 'disabled_at' | 'event_seq' | 'topics'> & {
    topics: string;
    event_seq?: number;
    created_at?: string;
    disabled_at?: string | null;
  };
  webhook_deliveries: Omit<
    DeliveryRow,
    'id' | 'created_at' | 'delivered_at' | 'attempts' | 'last_error' | 'payload'
  > & {
    id?: number;
    payload: string;
    attempts?: number;
    last_error?: string | null;
    created_at?: string;
    delivered_at?: string | null;
  };
};

export class SubscriptionRepository {
  private readonly db: Kysely<Tables>;
  constructor(db: Db) {
    this.db = db.withTables<Tables>();
  }

  async insert(row: Omit<SubscriptionRow, 'created_at' | 'disabled_at'>): Promise<void> {
    await this.db
      .insertInto('webhook_subscriptions')
      .values({ ...row, topics: JSON.stringify(row.topics) })
      .execute();
  }

  active(): Promise<SubscriptionRow[]> {
    return this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('disabled_at', 'is', null)
      .orderBy('created_at')
      .execute() as unknown as Promise<SubscriptionRow[]>;
  }

  list(organizationId?: string): Promise<SubscriptionRow[]> {
    let q = this.db.selectFrom('webhook_subscriptions').selectAll().where('disabled_at', 'is', null);
    if (organizationId) q = q.where('organization_id', '=', organizationId);
    return q.orderBy('created_at').execute() as unknown as Promise<SubscriptionRow[]>;
  }

  find(id: string): Promise<SubscriptionRow | undefined> {
    return this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst() as unknown as Promise<SubscriptionRow | undefined>;
  }

  async disable(id: string): Promise<void> {
    await this.db
      .updateTable('webhook_subscriptions')
      .set({ disabled_at: sql`now()` as never })
      .where('id', '=', id)
      .execute();
  }

  async advanceEventSeq(id: string, seq: number): Promise<void> {
    await this.db
      .updateTable('webhook_subscriptions')
      .set({ event_seq: sql`greatest(event_seq, ${seq}::int8)` as never })
      .where('id', '=', id)
      .execute();
  }

  async enqueue(
    rows: ReadonlyArray<{ subscriptionId: string; topic: string; payload: unknown; at: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('webhook_deliveries')
      .values(
        rows.map((r) => ({
          subscription_id: r.subscriptionId,
          topic: r.topic,
          payload: JSON.stringify(r.payload),
          status: 'pending' as const,
          next_attempt_at: r.at,
        })),
      )
      .execute();
  }

  due(now: string, limit: number): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit)
      .execute() as unknown as Promise<DeliveryRow[]>;
  }

  async settle(
    id: number,
    change: {
      status: DeliveryRow['status'];
      attempts: number;
      next?: string;
      error?: string | null;
      deliveredAt?: string;
    },
  ): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: change.status,
        attempts: change.attempts,
        ...(change.next ? { next_attempt_at: change.next } : {}),
        last_error: change.error ?? null,
        ...(change.deliveredAt ? { delivered_at: change.deliveredAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  deliveries(
    subscriptionId: string,
    status: DeliveryRow['status'] | undefined,
    limit: number,
  ): Promise<DeliveryRow[]> {
    let q = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId);
    if (status) q = q.where('status', '=', status);
    return q.orderBy('id', 'desc').limit(limit).execute() as unknown as Promise<DeliveryRow[]>;
  }

  delivery(id: number): Promise<DeliveryRow | undefined> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst() as unknown as Promise<DeliveryRow | undefined>;
  }

  /** A dead (or any) delivery back to the queue, due now, attempts reset. */
  async replay(id: number, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ── marks and cursors (durable topics other than tracking events) ───────────────────────────

  /** Of these marks, the ones the subscription already holds. */
  async marked(subscriptionId: string, keys: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db
        .selectFrom('webhook_marks')
        .select('key')
        .where('subscription_id', '=', subscriptionId)
        .where('key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(r.key);
    }
    return out;
  }

  /**
   * Writes each delivery whose mark is new for its subscription, with its marks, in one transaction
   * (a mark never exists without its delivery). Returns how many deliveries were written.
   */
  async enqueueMarked(rows: readonly MarkedDelivery[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      let n = 0;
      for (const r of rows) {
        const fresh = await trx
          .insertInto('webhook_marks')
          .values({ subscription_id: r.subscriptionId, key: r.key })
          .onConflict((oc) => oc.columns(['subscription_id', 'key']).doNothing())
          .returning('key')
          .execute();
        if (r.covers.length > 0)
          await trx
            .insertInto('webhook_marks')
            .values(r.covers.map((key) => ({ subscription_id: r.subscriptionId, key })))
            .onConflict((oc) => oc.columns(['subscription_id', 'key']).doNothing())
            .execute();
        if (fresh.length === 0) continue;
        await trx
          .insertInto('webhook_deliveries')
          .values({
            subscription_id: r.subscriptionId,
            topic: r.topic,
            payload: JSON.stringify(r.payload),
            status: 'pending',
            next_attempt_at: r.at,
          })
          .execute();
        n++;
      }
      return n;
    });
  }

  async cursor(topic: string): Promise<ChangeCursor | undefined> {
    const row = await this.db
      .selectFrom('webhook_cursors')
      .select('position')
      .where('topic', '=', topic)
      .executeTakeFirst();
    if (!row) return undefined;
    const p = row.position as unknown;
    return (typeof p === 'string' ? JSON.parse(p) : p) as ChangeCursor;
  }

  async setCursor(topic: string, position: ChangeCursor): Promise<void> {
    const text = JSON.stringify(position);
    await this.db
      .insertInto('webhook_cursors')
      .values({ topic, position: text })
      .onConflict((oc) =>
        oc.column('topic').doUpdateSet({ position: text, updated_at: sql`now()` as unknown as string }),
      )
      .execute();
  }
}
