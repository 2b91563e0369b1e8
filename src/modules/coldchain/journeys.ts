/**
 * Journeys: a box's profile for one journey (who owns it, from when, until when), the list of boxes
 * with their latest temperature and active alarms, and a journey's temperatures for the sparkline.
 */
import { randomUUID } from 'node:crypto';
import { fail, ok, type Result } from '../../domain/result';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { SEVERITY_RANK } from './alarms';
import { canonicalOrder, type Severity } from './detect';
import type { DetectionEngine } from './engine';
import { suggestProfile } from './profiles';
import type { AssignmentRow, ColdChainRepository } from './repository';
import {
  type AssignmentView,
  assignmentView,
  notFound,
  OPERATOR_ORGANIZATION,
  type ProfileView,
  profileView,
  type ReeferView,
  violation,
} from './views';

export interface JourneyDeps {
  readonly repo: ColdChainRepository;
  readonly engine: DetectionEngine;
  readonly now: () => Date;
}

export interface NewJourney {
  equipment: string;
  /** Or implied by the cargo (`hsCode`, `setpointC`) when absent. */
  profileId?: string;
  hsCode?: string;
  setpointC?: number;
  journey: string;
  startsAt?: string;
  endsAt?: string;
  organizationId?: string;
}

/**
 * Gives a box a profile for a journey from `startsAt` (default now). Operators name the owner
 * (`organizationId`, default the port operator); a shipper or forwarder assigns its own boxes.
 * Two journeys of one box may not overlap in time.
 */
export async function assign(
  { repo, engine, now }: JourneyDeps,
  principal: Principal,
  input: NewJourney,
): Promise<Result<AssignmentView>> {
  const all = seesAllTenants(principal);
  if (!all && input.organizationId !== undefined && input.organizationId !== principal.organizationId)
    return fail(
      violation(
        'organizationId',
        'coldchain.assignment.tenant',
        'you may assign profiles only to your own organization’s boxes',
        '只能为本组织的箱子指定温度档案',
      ),
    );
  const organizationId = all ? (input.organizationId ?? OPERATOR_ORGANIZATION) : principal.organizationId;
  const profileId = input.profileId ?? suggestProfile({ hsCode: input.hsCode, setpointC: input.setpointC });
  if (profileId === null)
    return fail(
      violation(
        'profileId',
        'coldchain.profile.none',
        `no profile fits the cargo ${input.hsCode ?? ''}: name a profileId`,
        `没有与货物 ${input.hsCode ?? ''} 相符的温度档案：请指定 profileId`,
      ),
    );
  const profile = await repo.findProfile(profileId);
  if (!profile)
    return fail(
      violation(
        'profileId',
        'coldchain.profile.unknown',
        `no profile ${profileId}`,
        `没有温度档案 ${profileId}`,
      ),
    );
  const startsAt = new Date(input.startsAt ?? now().toISOString()).toISOString();
  const endsAt = input.endsAt ? new Date(input.endsAt).toISOString() : null;
  if (endsAt !== null && endsAt <= startsAt)
    return fail(
      violation(
        'endsAt',
        'coldchain.assignment.window',
        'endsAt must be after startsAt',
        'endsAt 须晚于 startsAt',
      ),
    );
  const clash = await repo.overlapping(input.equipment, startsAt, endsAt);
  if (clash.length > 0)
    return fail({
      ...violation(
        'equipment',
        'coldchain.assignment.overlap',
        `${input.equipment} already has a profile for ${clash[0]!.journey} from ${clash[0]!.starts_at}: end that journey first`,
        `${input.equipment} 已有行程 ${clash[0]!.journey}（自 ${clash[0]!.starts_at}）的温度档案：请先结束该行程`,
      ),
      details: { assignmentId: clash[0]!.id },
    });
  let row: AssignmentRow;
  try {
    row = await repo.insertAssignment({
      id: randomUUID(),
      equipment: input.equipment,
      organization_id: organizationId,
      profile_id: profileId,
      // the journey keeps the version that applies now, through later edits of the profile
      profile_version: profile.version,
      journey: input.journey,
      starts_at: startsAt,
      ends_at: endsAt,
      created_by: principal.username,
    });
  } catch (err) {
    if (/foreign key|violates/i.test(String(err)))
      return fail(
        violation(
          'organizationId',
          'coldchain.organization_unknown',
          `unknown organization ${organizationId}`,
          `未知组织 ${organizationId}`,
        ),
      );
    throw err;
  }
  // readings may already be stored for this window
  await engine.enqueue(() => engine.reevaluate(row));
  return ok(assignmentView(row));
}

export async function visibleAssignment(
  repo: ColdChainRepository,
  principal: Principal,
  id: string,
): Promise<AssignmentRow | null> {
  const a = await repo.findAssignment(id);
  if (!a) return null;
  if (!seesAllTenants(principal) && a.organization_id !== principal.organizationId) return null;
  return a;
}

export async function endJourney(
  { repo, engine, now }: JourneyDeps,
  principal: Principal,
  id: string,
  endsAt?: string,
): Promise<Result<AssignmentView>> {
  const a = await visibleAssignment(repo, principal, id);
  if (!a) return fail(notFound('journey', id, '行程'));
  if (a.ends_at)
    return fail(
      violation(
        '',
        'coldchain.assignment.ended',
        `journey ${id} ended at ${a.ends_at}`,
        `行程 ${id} 已于 ${a.ends_at} 结束`,
      ),
    );
  const at = new Date(endsAt ?? now().toISOString()).toISOString();
  if (at <= a.starts_at)
    return fail(
      violation(
        'endsAt',
        'coldchain.assignment.window',
        'endsAt must be after the start',
        'endsAt 须晚于开始时间',
      ),
    );
  const row = await repo.endAssignment(id, at);
  await engine.enqueue(() => engine.reevaluate(row!));
  return ok(assignmentView(row!));
}

/** The journeys the caller may see (active ones by default), each with its latest temperature and alarms. */
export async function listReefers(
  { repo, engine }: JourneyDeps,
  principal: Principal,
  q: { active: boolean; limit: number },
): Promise<ReeferView[]> {
  const rows = await repo.listAssignments({
    ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
    active: q.active,
    limit: q.limit,
  });
  const versions = new Map<string, ProfileView | null>();
  const out: ReeferView[] = [];
  for (const a of rows) {
    const key = `${a.profile_id}@${a.profile_version}`;
    if (!versions.has(key)) {
      const p = await repo.findProfileVersion(a.profile_id, a.profile_version);
      versions.set(key, p ? profileView(p) : null);
    }
    const active = await repo.listAlarms({ assignmentId: a.id, status: 'active', limit: 100 });
    out.push({
      ...assignmentView(a),
      profile: versions.get(key) ?? null,
      latest: engine.latest(a.id),
      activeAlarms: active.length,
      worstSeverity: active.reduce<Severity | null>(
        (w, x) => (w === null || SEVERITY_RANK[x.severity] > SEVERITY_RANK[w] ? x.severity : w),
        null,
      ),
    });
  }
  return out;
}

/** A journey's temperatures (for the sparkline), oldest first, at most `limit` of the latest. */
export async function journeyTemperatures(
  { repo, engine }: JourneyDeps,
  principal: Principal,
  id: string,
  q: { since?: string; limit: number },
): Promise<Result<{ assignment: AssignmentView; points: Array<{ time: string; temperatureC: number }> }>> {
  const a = await visibleAssignment(repo, principal, id);
  if (!a) return fail(notFound('journey', id, '行程'));
  const from = q.since && q.since > a.starts_at ? new Date(q.since).toISOString() : a.starts_at;
  const samples = canonicalOrder(await engine.journeyReadings({ ...a, starts_at: from }));
  const points = samples.slice(-q.limit).map((s) => ({ time: s.time, temperatureC: s.temperatureC }));
  return ok({ assignment: assignmentView(a), points });
}
