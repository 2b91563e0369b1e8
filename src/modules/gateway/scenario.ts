// Shipped what-if scenarios (issue 6 part 4), pure: the document format of data/scenarios/gateway/*.json
// — a baseline instance (the trains and the normal quotas), the capacity changes that make the
// scenario, each with its reason, and the route of each train — and how to derive one from a
// baseline and a changed instance of the same trains.
import { z } from 'zod';
import { fail, ok, type Result } from '../../domain/result';
import { prefixedViolation } from '../../domain/zod-violation';
import { addDays, type CapacityChange } from './calendar';
import { checkInstance, type GatewayInstance, gatewayInstanceSchema } from './contract';

export const SCENARIO_FORMAT = 'lugang.gateway.scenario/v1';

const bilingual = z.strictObject({ en: z.string().min(1).max(2000), zh: z.string().min(1).max(2000) });

export const capacityChangeSchema = z.strictObject({
  gateway: z.string().min(1).max(100),
  from: z.iso.date(),
  to: z.iso.date(),
  trainsPerDay: z.int().min(0).max(1000),
  reason: bilingual.optional(),
});

export const scenarioSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT),
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: bilingual,
  description: bilingual,
  sources: z.array(z.string().max(500)),
  baseline: gatewayInstanceSchema,
  changes: z.array(capacityChangeSchema).min(1),
  trainRoutes: z.record(z.string(), z.string()),
});

export type Scenario = z.infer<typeof scenarioSchema>;

/** Validates a scenario document (its baseline by the instance rules too). */
export function parseScenario(json: unknown): Result<Scenario> {
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const field = i?.path.map(String).join('.') ?? '';
    return fail(
      prefixedViolation(
        'gateway',
        field,
        'scenario',
        i?.message ?? 'is invalid',
        `无效：${i?.message ?? ''}`,
      ),
    );
  }
  const broken = checkInstance(parsed.data.baseline);
  if (broken !== null) return fail({ ...broken, field: `baseline.${broken.field}` });
  if (parsed.data.baseline.startDate === undefined) {
    return fail(prefixedViolation('gateway', 'baseline.startDate', 'scenario', 'is required', '必须提供'));
  }
  return ok(parsed.data);
}

/**
 * The changes that turn `base` into `changed` (same gateways and days): one change per run of
 * consecutive days with the same new quota at a gateway.
 */
export function diffQuotas(
  base: GatewayInstance & { startDate: string },
  changed: GatewayInstance,
  reason: { en: string; zh: string },
): CapacityChange[] {
  const out: CapacityChange[] = [];
  for (const g of base.gateways) {
    const q2 = changed.gateways.find((x) => x.id === g.id)?.quota ?? g.quota;
    let d = 0;
    while (d < base.days) {
      if (q2[d] === g.quota[d]) {
        d++;
        continue;
      }
      const v = q2[d] as number;
      let e = d;
      while (e + 1 < base.days && q2[e + 1] === v && q2[e + 1] !== g.quota[e + 1]) e++;
      out.push({
        gateway: g.id,
        from: addDays(base.startDate, d),
        to: addDays(base.startDate, e),
        trainsPerDay: v,
        reason,
      });
      d = e + 1;
    }
  }
  return out;
}

/** Assigns each train a route through its home gateway (its cheapest option), round-robin. */
export function assignRoutes(
  inst: GatewayInstance,
  routes: readonly { readonly id: string; readonly gateway: string | null }[],
): Record<string, string> {
  const byGate = new Map<string, string[]>();
  for (const r of routes)
    if (r.gateway !== null) byGate.set(r.gateway, [...(byGate.get(r.gateway) ?? []), r.id]);
  const next = new Map<string, number>();
  const out: Record<string, string> = {};
  for (const t of inst.trains) {
    let home: string | null = null;
    let best = Number.POSITIVE_INFINITY;
    for (const o of t.options)
      if (o.extraDays < best) {
        best = o.extraDays;
        home = o.gateway;
      }
    const list = home === null ? undefined : byGate.get(home);
    if (home === null || list === undefined || list.length === 0) continue;
    const k = next.get(home) ?? 0;
    out[t.id] = list[k % list.length] as string;
    next.set(home, k + 1);
  }
  return out;
}
