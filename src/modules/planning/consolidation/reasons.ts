// Why a booking stays unassigned, in words a planner reads (English and Chinese) and a stable code.
import type { ConsolidationInstance } from './contract';
import type { Model } from './model';
import type { PlanState } from './state';

export interface UnassignedReason {
  readonly code: string;
  readonly en: string;
  readonly zh: string;
}

export function reasonFor(inst: ConsolidationInstance, m: Model, st: PlanState, b: number): UnassignedReason {
  const elig = m.bElig[b]!;
  if (elig.length === 0) return noEligible(inst, b);
  if (inst.bookings[b]!.value === 0) {
    return {
      code: 'zero_value',
      en: 'its value is 0, so carrying it cannot improve the plan',
      zh: '其价值为 0，装运它不会改善计划',
    };
  }
  const running = [...elig].filter((d) => st.running(d));
  const closed = [...elig].filter((d) => !st.running(d));
  const name = (d: number) => inst.departures[d]!.id;
  if (running.length > 0) {
    const heavy = running.some((d) => st.kload[d]! + m.kg[b]! > m.capKg[d]!);
    const list = running.map(name).join(', ');
    const what = heavy ? 'weight' : 'TEU';
    const whatZh = heavy ? '重量' : '箱位（TEU）';
    return {
      code: heavy ? 'departure_full_kg' : 'departure_full_teu',
      en: `eligible running train(s) ${list} are full (${what}); bookings of higher value per TEU took the space`,
      zh: `可乘班列 ${list} 已满（${whatZh}），单位价值更高的订舱占用了舱位`,
    };
  }
  const blocked = closed.filter((d) => !st.slotFree(d));
  const starved = closed.filter((d) => st.slotFree(d) && m.eligTeu[d]! < m.minTeu[d]!);
  if (blocked.length > 0 && blocked.length + starved.length === closed.length) {
    const slots = blocked.map((d) => {
      const dep = inst.departures[d]!;
      const r = inst.routes.find((x) => x.id === dep.route)!;
      return `${r.gateway} day ${dep.day + r.daysToGateway}`;
    });
    const uniq = [...new Set(slots)].join(', ');
    const rest = starved.length > 0 ? '; the other eligible departures have too little cargo to run' : '';
    const restZh = starved.length > 0 ? '；其余可乘班列货量不足，不开行' : '';
    return {
      code: 'gateway_quota',
      en: `gateway quota full (${uniq}) for eligible departure(s) ${blocked.map(name).join(', ')}${rest}`,
      zh: `可乘班列 ${blocked.map(name).join('、')} 的口岸过境配额已满（${uniq}）${restZh}`,
    };
  }
  if (starved.length === closed.length) {
    const d = starved[0]!;
    return {
      code: 'below_min_fill',
      en: `too little cargo for eligible departures (e.g. ${name(d)}: ${m.eligTeu[d]} TEU eligible < minimum ${m.minTeu[d]} TEU), so they do not run`,
      zh: `可乘班列货量不足（如 ${name(d)}：可装 ${m.eligTeu[d]} TEU < 最低 ${m.minTeu[d]} TEU），班列不开行`,
    };
  }
  return {
    code: 'not_worth_running',
    en: `train below minimum fill: no eligible departure (${closed.map(name).join(', ')}) reaches its minimum without taking bookings of higher value from other trains, so it does not run`,
    zh: `可乘班列（${closed.map(name).join('、')}）在不占用其他更高价值订舱的情况下达不到最低开行箱量`,
  };
}

function noEligible(inst: ConsolidationInstance, b: number): UnassignedReason {
  const bk = inst.bookings[b]!;
  const routes = new Map(inst.routes.map((r) => [r.id, r]));
  const onRoutes = inst.departures.filter((d) => bk.routes.includes(d.route));
  if (onRoutes.length === 0) {
    return {
      code: 'no_departure',
      en: `no departure on its route(s) ${bk.routes.join(', ')} in the plan`,
      zh: `其线路 ${bk.routes.join('、')} 在计划期内没有班列`,
    };
  }
  if (onRoutes.every((d) => d.capacityTeu < bk.teu || d.capacityKg < bk.grossKg)) {
    return {
      code: 'too_large',
      en: `${bk.teu} TEU / ${bk.grossKg} kg exceeds the capacity of every departure on its routes`,
      zh: `${bk.teu} TEU / ${bk.grossKg} kg 超过其线路所有班列的运力`,
    };
  }
  const afterReady = onRoutes.filter((d) => d.day >= bk.readyDay);
  if (afterReady.length === 0) {
    return {
      code: 'no_departure_after_ready',
      en: `no departure on its routes on or after its ready day ${bk.readyDay}`,
      zh: `在其备妥日 ${bk.readyDay} 及之后其线路没有班列`,
    };
  }
  let earliest = Number.POSITIVE_INFINITY;
  for (const d of afterReady) earliest = Math.min(earliest, d.day + (routes.get(d.route)?.transitDays ?? 0));
  if (earliest > bk.dueDay) {
    return {
      code: 'due_too_close',
      en: `due date too close: the earliest departure after its ready day ${bk.readyDay} arrives on day ${earliest}, after its due day ${bk.dueDay}`,
      zh: `交货期太近：备妥日 ${bk.readyDay} 之后最早的班列于第 ${earliest} 天到达，晚于交货日 ${bk.dueDay}`,
    };
  }
  return {
    code: 'no_eligible_departure',
    en: `no departure on its routes fits its ready/due window (${bk.readyDay}–${bk.dueDay}) and size`,
    zh: `其线路没有符合备妥/交货时间窗（${bk.readyDay}–${bk.dueDay}）和尺寸的班列`,
  };
}
