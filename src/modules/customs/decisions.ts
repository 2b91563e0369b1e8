/**
 * An officer's decision. Scan, inspect and release are recorded as CUSS / CUSI / CUSR events of the
 * declaration's boxes through Tracking (ids derived from the declaration: a retry records nothing
 * new; after a retraction the same decision is a new event) and applied at once, so the box's history
 * shows them too; without boxes the decision is applied as a platform event. A rejection closes an
 * open declaration.
 */
import { type Outcome, refuse } from '../../domain/refusal';
import type { Principal } from '../../platform/http/access';
import { DECISION_CODE, type Decision, isOpen, STATE_NAMES } from './clearance';
import { type CustomsContext, PLATFORM_DEVICE } from './deps';
import type { ClearanceFollower } from './following';
import { type DeclarationView, declarationView } from './views';

export async function decide(
  ctx: CustomsContext,
  follower: ClearanceFollower,
  principal: Principal,
  id: string,
  decision: Decision,
  reason?: string,
): Promise<Outcome<DeclarationView>> {
  const d = await ctx.repo.find(id);
  if (!d) return refuse(404, 'id', 'customs.declaration_unknown', `no declaration ${id}`, `没有报关单 ${id}`);
  const by = principal.username;
  if (decision === 'reject') {
    if (d.status === 'rejected') return { ok: true, value: (await declarationView(ctx, null, id))! };
    const done = await ctx.repo.transaction(async (tx) => {
      const row = await tx.lock(id);
      if (!row || !isOpen(row.status)) return false;
      await tx.setStatus(
        id,
        'rejected',
        ctx.now().toISOString(),
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
    return { ok: true, value: (await declarationView(ctx, null, id))! };
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
  const at = ctx.now().toISOString();
  if (d.containers.length > 0) {
    // after a retraction the same decision is a new event (a retry without one records nothing new)
    const retracted = (await ctx.repo.retractions(id)).length;
    const suffix = retracted > 0 ? `-r${retracted}` : '';
    const events = d.containers.map((box) => ({
      eventType: 'EQUIPMENT',
      equipmentEventTypeCode: code,
      eventClassifierCode: 'ACT',
      eventId: `customs-${id}-${code}-${box}${suffix}`,
      eventDateTime: at,
      equipmentReference: box,
    }));
    const out = await ctx.deps.tracking.recordPlatformEvents(d.organization_id, events);
    const bad = out.results.find((r) => r.outcome === 'quarantined');
    if (bad)
      return refuse(
        422,
        'decision',
        'customs.event_refused',
        `tracking refused the event: ${bad.reason?.message.en ?? ''}`,
        `追踪模块拒收该事件：${bad.reason?.message.zh ?? ''}`,
      );
    await follower.syncOne(d, by);
  } else {
    await follower.apply(
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
  return { ok: true, value: (await declarationView(ctx, null, id))! };
}
