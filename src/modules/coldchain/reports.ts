/** The compliance report of one journey: its profile, the figures over its readings, its alarms, the chart series. */
import { fail, ok, type Result } from '../../domain/result';
import type { Principal } from '../../platform/http/access';
import { canonicalOrder } from './detect';
import type { DetectionEngine } from './engine';
import { visibleAssignment } from './journeys';
import { summarize, thin } from './report';
import type { ColdChainRepository } from './repository';
import { alarmView, assignmentView, type ComplianceReport, notFound, profileView } from './views';

export async function complianceReport(
  deps: { repo: ColdChainRepository; engine: DetectionEngine; now: () => Date },
  principal: Principal,
  id: string,
): Promise<Result<ComplianceReport>> {
  const { repo, engine } = deps;
  const a = await visibleAssignment(repo, principal, id);
  if (!a) return fail(notFound('journey', id, '行程'));
  // the profile version the journey was assigned with: the report reads the same after an edit
  const p = await repo.findProfileVersion(a.profile_id, a.profile_version);
  if (!p) return fail(notFound('profile', a.profile_id, '温度档案'));
  const profile = profileView(p);
  const samples = canonicalOrder(await engine.journeyReadings(a));
  const summary = summarize(profile, samples);
  const alarms = (await repo.listAlarms({ assignmentId: a.id, limit: 1000 })).map(alarmView).reverse();
  const series = thin(
    samples.map((x) => ({ time: x.time, temperatureC: x.temperatureC })),
    500,
  );
  return ok({
    assignment: assignmentView(a),
    profile,
    generatedAt: deps.now().toISOString(),
    summary,
    alarms,
    series,
  });
}
