/**
 * Alarms: reconciling the detected alarms of a journey with the stored ones (matched by overlapping
 * time, so an acknowledgment survives a re-evaluation; one that late readings show never happened is
 * withdrawn), the announcements on the bus after commit, the list and the acknowledgment.
 */
import { randomUUID } from 'node:crypto';
import { fail, ok, type Result } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { DetectedAlarm, Severity } from './detect';
import type { AlarmFacts, AlarmRow, AssignmentRow, ColdChainRepository, NewAlarm } from './repository';
import type { AlarmKind, SilentAlarm } from './silence';
import { type AlarmChange, type AlarmView, alarmView, notFound } from './views';

/** A detected alarm of either kind: an excursion (detect.ts) or a silence (silence.ts). */
export type FoundAlarm = (DetectedAlarm & { readonly kind: 'excursion' }) | SilentAlarm;

export function facts(a: FoundAlarm): AlarmFacts {
  return {
    direction: a.direction,
    severity: a.severity,
    started_at: a.startedAt,
    raised_at: a.raisedAt,
    cleared_at: a.clearedAt,
    min_c: a.minC,
    max_c: a.maxC,
    max_deviation_c: a.maxDeviationC,
    out_minutes: a.outMinutes,
  };
}

export const SEVERITY_RANK: Record<Severity, number> = { minor: 0, major: 1, critical: 2 };
const FAR_FUTURE = Date.parse('9999-01-01T00:00:00Z');

function endOf(a: { clearedAt: string | null } | { cleared_at: string | null }): number {
  const c = 'clearedAt' in a ? a.clearedAt : a.cleared_at;
  return c === null ? FAR_FUTURE : Date.parse(c);
}

/**
 * Pairs detected alarms with stored ones: a stored alarm is the same alarm as a detected one when
 * they are of the same kind and their spans [startedAt, clearedAt] overlap (each pairs at most once,
 * in time order).
 */
export function matchAlarms<D extends { startedAt: string; clearedAt: string | null; kind?: AlarmKind }>(
  detected: readonly D[],
  stored: readonly AlarmRow[],
): { pairs: Array<[D, AlarmRow]>; fresh: D[]; gone: AlarmRow[] } {
  const pairs: Array<[D, AlarmRow]> = [];
  const fresh: D[] = [];
  const used = new Set<string>();
  for (const d of detected) {
    const ds = Date.parse(d.startedAt);
    const de = endOf(d);
    const kind = d.kind ?? 'excursion';
    const m = stored.find(
      (s) => !used.has(s.id) && s.kind === kind && Date.parse(s.started_at) <= de && ds <= endOf(s),
    );
    if (m) {
      used.add(m.id);
      pairs.push([d, m]);
    } else fresh.push(d);
  }
  return { pairs, fresh, gone: stored.filter((s) => !used.has(s.id)) };
}

/** Reconciles the stored alarms of a journey with the detected ones; announces after commit. */
export async function reconcileAlarms(
  repo: ColdChainRepository,
  bus: EventBus | undefined,
  a: AssignmentRow,
  detected: readonly FoundAlarm[],
): Promise<void> {
  const stored = await repo.standingAlarms(a.id);
  const { pairs, fresh, gone } = matchAlarms(detected, stored);
  const insert: NewAlarm[] = fresh.map((d) => ({
    id: randomUUID(),
    assignment_id: a.id,
    equipment: a.equipment,
    organization_id: a.organization_id,
    profile_id: a.profile_id,
    kind: d.kind,
    ...facts(d),
  }));
  const update: { id: string; facts: AlarmFacts }[] = [];
  const notices: Array<{ id: string; change: AlarmChange }> = insert.map((r) => ({
    id: r.id,
    change: r.cleared_at ? 'cleared' : 'raised',
  }));
  for (const [d, s] of pairs) {
    const f = facts(d);
    const changed = (Object.keys(f) as (keyof AlarmFacts)[]).some((k) => !same(f[k], s[k]));
    if (!changed) continue;
    update.push({ id: s.id, facts: f });
    const change: AlarmChange =
      f.cleared_at !== null && s.cleared_at === null
        ? 'cleared'
        : SEVERITY_RANK[f.severity] > SEVERITY_RANK[s.severity]
          ? 'escalated'
          : 'updated';
    notices.push({ id: s.id, change });
  }
  for (const g of gone) notices.push({ id: g.id, change: 'withdrawn' });
  await repo.reconcile({ insert, update, withdraw: gone.map((g) => g.id) });
  if (!bus) return;
  // an active alarm's figures move with every reading: stored, but announced only when it matters
  for (const n of notices) {
    if (n.change === 'updated') continue;
    const row = await repo.findAlarm(n.id);
    if (row) bus.emit('coldchain.alarm', { ...alarmView(row), change: n.change });
  }
}

export async function listAlarms(
  repo: ColdChainRepository,
  principal: Principal,
  q: {
    status?: 'open' | 'acknowledged' | 'cleared' | 'active';
    kind?: AlarmKind;
    equipment?: string;
    limit: number;
  },
): Promise<AlarmView[]> {
  const rows = await repo.listAlarms({
    ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.equipment ? { equipment: q.equipment } : {}),
    limit: q.limit,
  });
  return rows.map(alarmView);
}

/** open → acknowledged (by whom, when). Acknowledging twice keeps the first; a cleared alarm may still be acknowledged. */
export async function acknowledgeAlarm(
  repo: ColdChainRepository,
  bus: EventBus | undefined,
  principal: Principal,
  id: string,
  at: string,
): Promise<Result<AlarmView>> {
  const row = await repo.findAlarm(id);
  if (
    !row ||
    row.withdrawn_at ||
    (!seesAllTenants(principal) && row.organization_id !== principal.organizationId)
  )
    return fail(notFound('alarm', id, '告警'));
  if (row.acknowledged_at) return ok(alarmView(row));
  const done = await repo.acknowledge(id, principal.username, at);
  const now = done ?? (await repo.findAlarm(id))!;
  if (done) bus?.emit('coldchain.alarm', { ...alarmView(now), change: 'acknowledged' });
  return ok(alarmView(now));
}

export function same(a: unknown, b: unknown): boolean {
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    !Number.isNaN(Date.parse(a)) &&
    !Number.isNaN(Date.parse(b))
  )
    return Date.parse(a) === Date.parse(b);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return a === b;
}
