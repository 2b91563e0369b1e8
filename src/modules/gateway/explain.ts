// Explanations of a solved gateway plan (issue 6 part 5): why each unscheduled train stays out and why
// each late train crosses after its arrival day, naming the full or closed (gateway, day) slots. The
// statements are exact for an optimal plan: a cheaper slot that was free would contradict optimality.
import type { BlockedSlot, GatewayInstance, GatewayTrain, UnscheduledCode } from './contract';

export interface Load {
  /** Trains crossing gateway g on day d: load[g * days + d]. */
  readonly load: Int32Array;
}

export interface UnscheduledExplanation {
  readonly code: UnscheduledCode;
  readonly reason: string;
  readonly reasonZh: string;
  readonly blocked: BlockedSlot[];
}

export interface DelayExplanation {
  readonly delayReason: string;
  readonly delayReasonZh: string;
  readonly blocked: BlockedSlot[];
}

/** "3–6, 9, 11–12" for a sorted list of days. */
export function dayRanges(days: readonly number[], dash = '–'): string {
  const parts: string[] = [];
  let k = 0;
  while (k < days.length) {
    const start = days[k] as number;
    let end = start;
    while (k + 1 < days.length && days[k + 1] === end + 1) end = days[++k] as number;
    parts.push(start === end ? String(start) : `${start}${dash}${end}`);
    k++;
  }
  return parts.join(', ');
}

/** Cheapest extraDays per gateway id among a train's options. */
function optionExtras(t: GatewayTrain): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of t.options) {
    const cur = m.get(o.gateway);
    if (cur === undefined || o.extraDays < cur) m.set(o.gateway, o.extraDays);
  }
  return m;
}

function describeBlocked(blocked: readonly BlockedSlot[]): { en: string; zh: string } {
  const byGate = new Map<string, { full: number[]; closed: number[]; quotas: Set<number> }>();
  for (const b of blocked) {
    let e = byGate.get(b.gateway);
    if (e === undefined) {
      e = { full: [], closed: [], quotas: new Set() };
      byGate.set(b.gateway, e);
    }
    if (b.state === 'full') {
      e.full.push(b.day);
      e.quotas.add(b.quota);
    } else e.closed.push(b.day);
  }
  const en: string[] = [];
  const zh: string[] = [];
  for (const [g, e] of byGate) {
    const q = [...e.quotas].sort((a, b) => a - b);
    const quota = q.length === 1 ? `${q[0]}` : `${q[0]}–${q[q.length - 1]}`;
    if (e.full.length > 0) {
      en.push(`${g} full on day(s) ${dayRanges(e.full)} (quota ${quota}/day)`);
      zh.push(`${g} 第 ${dayRanges(e.full)} 天已满（配额 ${quota} 列/天）`);
    }
    if (e.closed.length > 0) {
      en.push(`${g} closed on day(s) ${dayRanges(e.closed)}`);
      zh.push(`${g} 第 ${dayRanges(e.closed)} 天关闭`);
    }
  }
  return { en: en.join('; '), zh: zh.join('；') };
}

export class Explainer {
  private readonly gIndex = new Map<string, number>();

  constructor(
    private readonly inst: GatewayInstance,
    private readonly load: Int32Array,
  ) {
    inst.gateways.forEach((g, k) => {
      this.gIndex.set(g.id, k);
    });
  }

  private slotState(gateway: string, day: number): BlockedSlot | null {
    const g = this.gIndex.get(gateway) as number;
    const quota = this.inst.gateways[g]?.quota[day] ?? 0;
    if (quota === 0) return { gateway, day, state: 'closed', quota };
    if ((this.load[g * this.inst.days + day] as number) >= quota)
      return { gateway, day, state: 'full', quota };
    return null;
  }

  unscheduled(t: GatewayTrain): UnscheduledExplanation {
    const { days, unscheduledPenaltyDays: P } = this.inst;
    if (t.options.length === 0) {
      return {
        code: 'no-option',
        reason: 'The train has no gateway option.',
        reasonZh: '该列车没有可选口岸。',
        blocked: [],
      };
    }
    const last = Math.min(t.arrivalDay + t.maxDelayDays, days - 1);
    if (t.arrivalDay > days - 1) {
      return {
        code: 'after-horizon',
        reason: `It arrives on day ${t.arrivalDay}, after the planning horizon (days 0–${days - 1}).`,
        reasonZh: `该列车第 ${t.arrivalDay} 天到达，晚于计划期（第 0–${days - 1} 天）。`,
        blocked: [],
      };
    }
    const window = `days ${t.arrivalDay}–${last}`;
    const windowZh = `第 ${t.arrivalDay}–${last} 天`;
    const beyond =
      t.arrivalDay + t.maxDelayDays > days - 1
        ? { en: ' (later days are beyond the horizon)', zh: '，之后的日期超出计划期' }
        : { en: ` (maximum delay ${t.maxDelayDays} day(s))`, zh: `，最长延误 ${t.maxDelayDays} 天` };
    const blocked: BlockedSlot[] = [];
    const notCheaper: string[] = [];
    for (const [g, e] of optionExtras(t)) {
      const free: number[] = [];
      for (let d = t.arrivalDay; d <= last; d++) {
        const st = this.slotState(g, d);
        if (st !== null) blocked.push(st);
        else free.push(d);
      }
      if (free.length > 0) notCheaper.push(`${g} day(s) ${dayRanges(free)} (${e} extra day(s))`);
    }
    // The window is not empty, so every (option, day) is either blocked or free.
    const allClosed = notCheaper.length === 0 && blocked.every((b) => b.state === 'closed');
    const desc = describeBlocked(blocked);
    const penaltyNote =
      notCheaper.length > 0
        ? {
            en: ` Crossing on the open days left — ${notCheaper.join('; ')} — would cost at least the unscheduled penalty of ${P} day(s).`,
            zh: ` 其余可用日期（${notCheaper.join('；')}）的延误成本不低于未排班惩罚 ${P} 天。`,
          }
        : { en: '', zh: '' };
    if (allClosed) {
      return {
        code: 'all-closed',
        reason: `Every allowed gateway is closed within its window, ${window}${beyond.en}: ${desc.en}.`,
        reasonZh: `在允许的时间窗（${windowZh}${beyond.zh}）内所有可选口岸均关闭：${desc.zh}。`,
        blocked,
      };
    }
    if (blocked.some((b) => b.state === 'full')) {
      return {
        code: 'slots-full',
        reason: `No free slot within its window, ${window}${beyond.en}: ${desc.en}.${penaltyNote.en}`,
        reasonZh: `在允许的时间窗（${windowZh}${beyond.zh}）内没有空余班次：${desc.zh}。${penaltyNote.zh}`,
        blocked,
      };
    }
    return {
      code: 'penalty-not-higher',
      reason: `Within its window, ${window}${beyond.en}, every open slot would cost at least the unscheduled penalty of ${P} day(s)${desc.en === '' ? '' : ` (${desc.en})`}.${penaltyNote.en}`,
      reasonZh: `在允许的时间窗（${windowZh}${beyond.zh}）内，任何可用班次的成本都不低于未排班惩罚 ${P} 天${desc.zh === '' ? '' : `（${desc.zh}）`}。${penaltyNote.zh}`,
      blocked,
    };
  }

  /**
   * Why a train did not get its best possible crossing (arrival day through its option with the fewest
   * extra days); null when it did. Lists every strictly cheaper slot of its window: in an optimal plan
   * each one is full or closed. A train of weight 0 costs nothing anywhere and is said so.
   */
  delay(t: GatewayTrain, gateway: string, day: number): DelayExplanation | null {
    const extras = optionExtras(t);
    const myExtra = extras.get(gateway) ?? 0;
    const mine = day - t.arrivalDay + myExtra; // delay days, the cost per unit of weight
    const ideal = Math.min(...extras.values());
    if (mine <= ideal) return null;
    const late = day - t.arrivalDay;
    const via = myExtra > 0 ? ` (+${myExtra} extra day(s) via ${gateway})` : '';
    const viaZh = myExtra > 0 ? `（经 ${gateway} 另加 ${myExtra} 天）` : '';
    const head = `Crosses ${gateway} on day ${day}, ${late} day(s) after arriving on day ${t.arrivalDay}${via}`;
    const headZh = `第 ${t.arrivalDay} 天到达，第 ${day} 天经 ${gateway} 出境，延误 ${late} 天${viaZh}`;
    if (t.weight === 0) {
      return {
        delayReason: `${head}: its weight is 0, so its delay costs nothing and other trains go first.`,
        delayReasonZh: `${headZh}：权重为 0，延误没有成本，其他列车优先。`,
        blocked: [],
      };
    }
    const blocked: BlockedSlot[] = [];
    const last = Math.min(t.arrivalDay + t.maxDelayDays, this.inst.days - 1);
    for (const [g, e] of extras) {
      for (let d = t.arrivalDay; d <= last && d - t.arrivalDay + e < mine; d++) {
        // In an optimal plan a strictly cheaper slot is never free (the train would move there).
        const st = this.slotState(g, d);
        if (st !== null) blocked.push(st);
      }
    }
    const desc = describeBlocked(blocked);
    return {
      delayReason: `${head}: every cheaper slot is taken — ${desc.en}.`,
      delayReasonZh: `${headZh}：所有成本更低的班次均不可用——${desc.zh}。`,
      blocked,
    };
  }
}
