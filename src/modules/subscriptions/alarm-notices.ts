/**
 * Exactly-once cold-chain alarm webhooks across a crash. Pure.
 *
 * Every `coldchain.alarm` notice queued for a subscription leaves *marks* — the milestones of the
 * alarm the subscriber has now been told: `raised`, `escalated:<severity>`, `acknowledged`,
 * `cleared:<clearedAt>`, `withdrawn`. A notice is queued only when its own mark is new, so the same
 * milestone is never queued twice, whether it comes from the bus or from the catch-up.
 *
 * - A live notice (from the bus) marks its own milestone, and — since it shows the alarm and its
 *   severity — `raised` and the escalations up to the severity it shows.
 * - On start, the catch-up reads the alarms changed since its cursor; for each, the milestones its
 *   stored state implies that no notice marked yet were lost (a crash between the cold chain's commit
 *   and the outbox write). One notice is queued with the alarm's current state, named after the
 *   latest missing milestone (as the cold chain itself announces an alarm inserted already cleared
 *   only as `cleared`), and it marks every milestone of that state.
 */
import type { AlarmRow } from '../coldchain/repository';
import type { AlarmChange } from '../coldchain/views';

export const ALARM_TOPIC = 'coldchain.alarm';

const LEVELS = ['minor', 'major', 'critical'] as const;
type Level = (typeof LEVELS)[number];

export interface Marked {
  /** The mark this notice stands for: queued only when new for the subscription. */
  readonly key: string;
  /** Marks it also sets (what the subscriber learns from its payload). */
  readonly covers: readonly string[];
}

const base = (id: string) => `${ALARM_TOPIC}:${id}:`;

/** raised, and every escalation up to `severity` (a notice showing that severity tells both). */
function known(id: string, severity: string): string[] {
  const rank = LEVELS.indexOf(severity as Level);
  return [`${base(id)}raised`, ...LEVELS.slice(1, rank + 1).map((l) => `${base(id)}escalated:${l}`)];
}

function milestoneKey(id: string, change: AlarmChange, severity: string, clearedAt: string | null): string {
  if (change === 'escalated') return `${base(id)}escalated:${severity}`;
  if (change === 'cleared') return `${base(id)}cleared:${clearedAt ?? ''}`;
  return `${base(id)}${change}`;
}

/** The marks of a notice announced on the bus; null for what is not a notice (or 'updated'). */
export function liveMarks(data: unknown): Marked | null {
  if (!data || typeof data !== 'object') return null;
  const n = data as { id?: unknown; change?: unknown; severity?: unknown; clearedAt?: unknown };
  if (typeof n.id !== 'string' || typeof n.change !== 'string' || n.change === 'updated') return null;
  const severity = typeof n.severity === 'string' ? n.severity : 'minor';
  const clearedAt = typeof n.clearedAt === 'string' ? n.clearedAt : null;
  const key = milestoneKey(n.id, n.change as AlarmChange, severity, clearedAt);
  return { key, covers: known(n.id, severity).filter((k) => k !== key) };
}

export type AlarmState = Pick<
  AlarmRow,
  'id' | 'severity' | 'cleared_at' | 'acknowledged_at' | 'withdrawn_at' | 'raised_at'
>;

/** The milestones a stored alarm's state implies, in the order they happened. */
export function milestones(a: AlarmState): Array<{ change: AlarmChange; key: string }> {
  const out: Array<{ change: AlarmChange; key: string; at: number }> = [];
  const raised = Date.parse(a.raised_at);
  out.push({ change: 'raised', key: `${base(a.id)}raised`, at: raised });
  for (const l of LEVELS.slice(1, LEVELS.indexOf(a.severity as Level) + 1))
    out.push({ change: 'escalated', key: `${base(a.id)}escalated:${l}`, at: raised });
  if (a.cleared_at)
    out.push({
      change: 'cleared',
      key: `${base(a.id)}cleared:${a.cleared_at}`,
      at: Date.parse(a.cleared_at),
    });
  if (a.acknowledged_at)
    out.push({ change: 'acknowledged', key: `${base(a.id)}acknowledged`, at: Date.parse(a.acknowledged_at) });
  if (a.withdrawn_at) out.push({ change: 'withdrawn', key: `${base(a.id)}withdrawn`, at: Infinity });
  // stable: raised and escalations stay first, in order
  return out.sort((x, y) => x.at - y.at).map(({ change, key }) => ({ change, key }));
}

/**
 * What the catch-up queues for a stored alarm, given the marks already set for the subscription:
 * nothing when every milestone is marked, else one notice named after the latest missing milestone.
 */
export function catchUpNotice(
  a: AlarmState,
  marked: ReadonlySet<string>,
): { change: AlarmChange; marks: Marked } | null {
  const all = milestones(a);
  const missing = all.filter((m) => !marked.has(m.key));
  let last = missing.at(-1);
  if (!last) return null;
  // an alarm never announced is raised at the severity it has now, as the cold chain announces it
  if (last.change === 'escalated' && missing[0]!.change === 'raised') last = missing[0]!;
  return {
    change: last.change,
    marks: { key: last.key, covers: all.map((m) => m.key).filter((k) => k !== last.key) },
  };
}
