import { describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import { trackingEventSchema } from '../tracking/events';
import { byTenant, transshipmentEvents } from './events';
import { escapeHtml, handoverHtml, handoverRecord, recordFor, type Station } from './handover';
import { type ArrivingTrain, planTransshipment, type TransshipRules } from './plan';

const RULES: TransshipRules = {
  fromGaugeMm: 1435,
  toGaugeMm: 1520,
  wagonTypes: [
    { code: '13-1258-01', lengthMm: 13_620, tareKg: 21_000, maxPayloadKg: 72_000, platformFt: 40 },
  ],
  maxWagons: 62,
  trainMaxCargoKg: 62 * 72_000,
  pairMaxDiffKg: 5_000,
  twentyFootMaxKg: 24_000,
  dgFirstWagonsForbidden: 0,
  cranes: 1,
  movesPerCraneHour: 60,
};
const num = (i: number) => {
  const f = `LGXU${String(i).padStart(6, '0')}`;
  return `${f}${computeCheckDigit(f) % 10}`;
};
const train = (ref: string, owners: string[], from: number): ArrivingTrain => ({
  reference: ref,
  boxes: owners.map((owner, i) => ({
    id: i === 0 && owner === 'b' ? `${ref}-REF#1` : num(from + i),
    lengthFt: 40,
    grossKg: 20_000 + i,
    dg: null,
    owner,
    fromWagon: `${ref}/${i + 1}`,
  })),
});
const START = '2026-12-03T00:00:00.000Z';
const plan = planTransshipment(
  {
    id: 'TS-T',
    startAt: START,
    trains: [train('D1', ['a', 'a', 'b'], 1), train('D2', ['b', 'a'], 10)],
    rules: RULES,
  },
  { now: () => 0 },
);
const st = (code: string): Station => ({
  code,
  unlocode: code,
  names: { en: code, zh: code, ru: code },
  railCode: null,
});

describe('events of a transshipment', () => {
  it('are valid DCSA events with deterministic ids, ACT up to now and PLN after', () => {
    // one move a minute: at 2.5 minutes two moves are done
    const now = new Date(Date.parse(START) + 150_000);
    const ev = transshipmentEvents(plan, 'CNAKL', now);
    const again = transshipmentEvents(plan, 'CNAKL', now);
    expect(ev.map((e) => e.event.eventId)).toEqual(again.map((e) => e.event.eventId));
    expect(new Set(ev.map((e) => e.event.eventId)).size).toBe(ev.length);
    for (const e of ev)
      expect(trackingEventSchema.safeParse(e.event).success, JSON.stringify(e.event)).toBe(true);
    // the placeholder box of a booking without numbers is not tracked: 4 tracked boxes × 3 + 2 ARRI + 1 DEPA
    expect(ev).toHaveLength(4 * 3 + 2 + 1);
    const act = ev.filter((e) => e.event.eventClassifierCode === 'ACT').map((e) => String(e.event.eventId));
    expect(act.filter((id) => id.includes(':DISC:')).length).toBe(3);
    expect(act.filter((id) => id.includes(':LOAD:')).length).toBe(2);
    // each box's events go to its owner; trains' to the port operator
    for (const e of ev)
      if (e.event.eventType === 'EQUIPMENT')
        expect(e.organizationId).toBe(plan.legs.find((l) => l.box === e.event.equipmentReference)?.owner);
      else expect(e.organizationId).toBe('port-operator');
    const later = transshipmentEvents(plan, 'CNAKL', new Date(Date.parse(plan.endAt) + 1));
    expect(later.every((e) => e.event.eventClassifierCode === 'ACT')).toBe(true);
    expect(byTenant(ev, 5).flatMap((b) => b.events)).toHaveLength(ev.length);
    expect(byTenant(ev, 5).every((b) => b.events.length <= 5)).toBe(true);
  });
});

describe('the CIM/SMGS handover record', () => {
  const sizeTypes = (ids: string[]) => Object.fromEntries(ids.map((i) => [i, '42G1']));
  const owned = (o: string) => plan.legs.filter((l) => l.owner === o).map((l) => l.box);
  const rec = handoverRecord(plan, {
    gateway: {
      id: 'AKL',
      names: { en: 'Alashankou–Dostyk', zh: '阿拉山口—多斯特克', ru: 'Алашанькоу–Достык' },
    },
    handingOver: st('CNAKL'),
    receiving: st('KZDOS'),
    consignments: ['a', 'b'].map((o) => ({
      bookingId: `BK-${o}`,
      bookingReference: `REF-${o}`,
      owner: o,
      sender: { id: o, names: { en: `${o} <Co>`, zh: o, ru: o } },
      consignee: null,
      departure: st('CNURM'),
      destination: st('DEDUI'),
      hsCode: '8471',
      departureId: 'D1',
      sizeTypes: sizeTypes(owned(o)),
      seals: o === 'a' ? { [owned('a')[0] as string]: 'S-1' } : {},
    })),
    grossKg: Object.fromEntries(plan.legs.map((l) => [l.box, 20_000])),
  });

  it('lists every container once with its wagons, and totals that add up', () => {
    expect(rec.totals).toEqual({ consignments: 2, containers: 5, wagons: 5, grossKg: 100_000 });
    const all = rec.consignments.flatMap((c) => c.containers.map((x) => x.number)).sort();
    expect(all).toEqual(plan.legs.map((l) => l.box).sort());
    expect(rec.consignments[0]?.containers[0]?.seal).toBe('S-1');
    expect(rec.labels.seal.ru).toBe('Пломба');
  });

  it('shows a tenant only its own consignments', () => {
    const b = recordFor(rec, 'b');
    expect(b.consignments.map((c) => c.owner)).toEqual(['b']);
    expect(b.totals.containers).toBe(2);
    expect(b.wagons.flatMap((w) => w.containers).sort()).toEqual(owned('b').sort());
    expect(recordFor(rec, null)).toBe(rec);
  });

  it('prints as escaped HTML with the three languages', () => {
    const html = handoverHtml(rec);
    expect(html).toContain('a &lt;Co&gt;');
    expect(html).not.toContain('a <Co>');
    expect(html).toContain('统一运单');
    expect(html).toContain('consignment note');
    expect(html).toContain('накладная');
    expect(escapeHtml(`<"&'>`)).toBe('&lt;&quot;&amp;&#39;&gt;');
  });
});
