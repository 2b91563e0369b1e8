// The tracking events of a transshipment (DCSA vocabulary with Lugang's rail extension), pure: per box
// DISC (off the arriving wagon), GBTS (transshipped, with both gauges and wagons) and LOAD (on the new
// wagon); TRANSPORT ARRI of the arriving trains and DEPA of the new ones at the gateway. Event ids are
// derived from the transshipment, the box or train and the code, so a retry records each event once.
// Events up to `now` are actual (ACT); later ones are planned (PLN) and get their ACT when recorded
// again after they happened. Tenancy: a box's events go to its owner, train events to the port operator.
import { parseContainerNumber } from '../../domain/codes/iso6346';
import type { TransshipPlan } from './plan';

export const PORT_OPERATOR = 'port-operator';

export interface OwnedEvent {
  readonly organizationId: string;
  readonly event: Record<string, unknown>;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._:-]/g, '_');

/** Whether a box id is a real ISO 6346 number (placeholders of unnumbered bookings are not tracked). */
export const trackable = (box: string): boolean => parseContainerNumber(box).ok;

export function transshipmentEvents(plan: TransshipPlan, location: string, now: Date): OwnedEvent[] {
  const at = now.toISOString();
  const out: OwnedEvent[] = [];
  const push = (org: string, key: string, time: string, body: Record<string, unknown>) => {
    const classifier = time <= at ? 'ACT' : 'PLN';
    out.push({
      organizationId: org,
      event: {
        eventId: `tsp:${safe(plan.id)}:${safe(key)}:${classifier}`,
        eventClassifierCode: classifier,
        eventDateTime: time,
        location,
        ...body,
      },
    });
  };
  for (const t of plan.arriving)
    push(PORT_OPERATOR, `${t.reference}:ARRI`, plan.startAt, {
      eventType: 'TRANSPORT',
      transportEventTypeCode: 'ARRI',
      trainReference: t.reference,
    });
  for (const l of plan.legs) {
    if (!trackable(l.box)) continue;
    const box = { eventType: 'EQUIPMENT', equipmentReference: l.box, emptyIndicatorCode: 'LADEN' };
    push(l.owner, `${l.box}:DISC`, l.discAt, {
      ...box,
      equipmentEventTypeCode: 'DISC',
      trainReference: l.fromTrain,
      wagonReference: l.fromWagon,
    });
    push(l.owner, `${l.box}:GBTS`, l.loadAt, {
      ...box,
      equipmentEventTypeCode: 'GBTS',
      trainReference: l.fromTrain,
      transshipment: {
        fromGaugeMm: plan.fromGaugeMm,
        toGaugeMm: plan.toGaugeMm,
        fromWagonReference: l.fromWagon,
        toWagonReference: l.toWagon,
      },
    });
    push(l.owner, `${l.box}:LOAD`, l.loadAt, {
      ...box,
      equipmentEventTypeCode: 'LOAD',
      trainReference: l.toTrain,
      wagonReference: l.toWagon,
    });
  }
  for (const h of plan.held) {
    if (!trackable(h.box)) continue;
    const off = plan.moves.find((m) => m.box === h.box);
    push(h.owner, `${h.box}:DISC`, off?.start ?? plan.startAt, {
      eventType: 'EQUIPMENT',
      equipmentReference: h.box,
      emptyIndicatorCode: 'LADEN',
      equipmentEventTypeCode: 'DISC',
      trainReference: h.fromTrain,
      wagonReference: h.fromWagon,
    });
  }
  for (const f of plan.formed)
    push(PORT_OPERATOR, `${f.reference}:DEPA`, f.readyAt, {
      eventType: 'TRANSPORT',
      transportEventTypeCode: 'DEPA',
      trainReference: f.reference,
    });
  return out;
}

/** The events grouped by tenant (one recordPlatformEvents call each, at most 1000 events a call). */
export function byTenant(
  events: readonly OwnedEvent[],
  chunk = 1000,
): { organizationId: string; events: Record<string, unknown>[] }[] {
  const m = new Map<string, Record<string, unknown>[]>();
  for (const e of events) m.set(e.organizationId, [...(m.get(e.organizationId) ?? []), e.event]);
  const out: { organizationId: string; events: Record<string, unknown>[] }[] = [];
  for (const [organizationId, list] of [...m.entries()].sort(([a], [b]) => a.localeCompare(b)))
    for (let i = 0; i < list.length; i += chunk)
      out.push({ organizationId, events: list.slice(i, i + chunk) });
  return out;
}
