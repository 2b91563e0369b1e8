// Independent checker of a gateway solution against its instance (shares no code with the solver):
// every train exactly once, its crossing day inside its window and the horizon, through one of its
// options, quotas per gateway and day respected, and the reported objective recomputed exactly.
import type { Violation } from '../../domain/result';
import type { GatewayInstance, GatewaySolution } from './contract';

function v(field: string, code: string, en: string, zh: string): Violation {
  return {
    field,
    code: `gateway.solution.${code}`,
    message: { en: `${field || 'solution'}: ${en}`, zh: `${field || '解'}：${zh}` },
  };
}

/** All rules the solution breaks (empty when it is a valid plan for the instance). */
export function validateGatewaySolution(inst: GatewayInstance, sol: GatewaySolution): Violation[] {
  const out: Violation[] = [];
  if (sol.instanceId !== inst.id) {
    out.push(
      v(
        'instanceId',
        'instance',
        `is "${sol.instanceId}", expected "${inst.id}"`,
        `为 "${sol.instanceId}"，应为 "${inst.id}"`,
      ),
    );
  }
  const trains = new Map(inst.trains.map((t) => [t.id, t]));
  const quota = new Map(inst.gateways.map((g) => [g.id, g.quota]));
  const seen = new Set<string>();
  const used = new Map<string, number>(); // "gateway|day" → trains crossing
  let total = 0;

  sol.crossings.forEach((c, k) => {
    const f = `crossings.${k}`;
    const t = trains.get(c.train);
    if (t === undefined) {
      out.push(
        v(
          `${f}.train`,
          'unknown_train',
          `train "${c.train}" is not in the instance`,
          `列车 "${c.train}" 不在实例中`,
        ),
      );
      return;
    }
    if (seen.has(c.train)) {
      out.push(
        v(`${f}.train`, 'duplicate', `train "${c.train}" is planned twice`, `列车 "${c.train}" 被重复安排`),
      );
      return;
    }
    seen.add(c.train);
    let extra = -1;
    for (const o of t.options)
      if (o.gateway === c.gateway && (extra < 0 || o.extraDays < extra)) extra = o.extraDays;
    if (extra < 0) {
      out.push(
        v(
          `${f}.gateway`,
          'not_an_option',
          `"${c.gateway}" is not an option of train "${c.train}"`,
          `"${c.gateway}" 不是列车 "${c.train}" 的可选口岸`,
        ),
      );
      return;
    }
    if (c.day < t.arrivalDay || c.day > t.arrivalDay + t.maxDelayDays) {
      out.push(
        v(
          `${f}.day`,
          'window',
          `day ${c.day} is outside ${t.arrivalDay}–${t.arrivalDay + t.maxDelayDays}`,
          `第 ${c.day} 天不在 ${t.arrivalDay}–${t.arrivalDay + t.maxDelayDays} 内`,
        ),
      );
    }
    if (c.day >= inst.days) {
      out.push(
        v(
          `${f}.day`,
          'horizon',
          `day ${c.day} is after the horizon (${inst.days} days)`,
          `第 ${c.day} 天超出计划期（${inst.days} 天）`,
        ),
      );
    }
    const key = `${c.gateway}|${c.day}`;
    used.set(key, (used.get(key) ?? 0) + 1);
    total += t.weight * (c.day - t.arrivalDay + extra);
  });

  sol.unscheduled.forEach((u, k) => {
    const f = `unscheduled.${k}.train`;
    const t = trains.get(u.train);
    if (t === undefined) {
      out.push(
        v(f, 'unknown_train', `train "${u.train}" is not in the instance`, `列车 "${u.train}" 不在实例中`),
      );
      return;
    }
    if (seen.has(u.train)) {
      out.push(v(f, 'duplicate', `train "${u.train}" is planned twice`, `列车 "${u.train}" 被重复安排`));
      return;
    }
    seen.add(u.train);
    total += t.weight * inst.unscheduledPenaltyDays;
  });

  for (const t of inst.trains) {
    if (!seen.has(t.id)) out.push(v('', 'missing_train', `train "${t.id}" is missing`, `缺少列车 "${t.id}"`));
  }
  for (const [key, n] of used) {
    const [g, dayText] = key.split('|') as [string, string];
    const day = Number(dayText);
    const q = quota.get(g)?.[day] ?? 0;
    if (n > q) {
      out.push(
        v(
          'crossings',
          'quota',
          `${n} trains cross ${g} on day ${day}, quota ${q}`,
          `第 ${day} 天经 ${g} 出境 ${n} 列，配额 ${q}`,
        ),
      );
    }
  }
  if (sol.objective !== total) {
    out.push(
      v(
        'objective',
        'objective',
        `is ${sol.objective}, recomputed ${total}`,
        `为 ${sol.objective}，重新计算为 ${total}`,
      ),
    );
  }
  if (sol.status === 'optimal' && sol.bound !== sol.objective) {
    out.push(
      v(
        'bound',
        'bound',
        `must equal the objective when status is optimal`,
        `状态为 optimal 时必须等于目标值`,
      ),
    );
  }
  if (sol.bound !== null && sol.bound > sol.objective) {
    out.push(
      v(
        'bound',
        'bound',
        `lower bound ${sol.bound} exceeds the objective ${sol.objective}`,
        `下界 ${sol.bound} 大于目标值 ${sol.objective}`,
      ),
    );
  }
  return out;
}
