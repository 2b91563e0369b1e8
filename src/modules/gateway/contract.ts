// The gateway-slot interchange formats (contracts/planning.md §3): zod 4 schemas of
// `lugang.gateway.instance/v1` and `lugang.gateway.solution/v1`, plus the cross-field rules zod cannot
// express (quota length = days, unique ids, option gateways exist). Parsing yields one Violation.
import { z } from 'zod';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import { prefixedViolation, zodIssueToViolation } from '../../domain/zod-violation';

export const GATEWAY_INSTANCE_FORMAT = 'lugang.gateway.instance/v1';
export const GATEWAY_SOLUTION_FORMAT = 'lugang.gateway.solution/v1';

/** Largest count or day the planner accepts (keeps every cost an exact integer in a double). */
const MAX_INT = 1_000_000;
const count = z.int().min(0).max(MAX_INT);
const id = z.string().min(1).max(100);

export const gatewayOptionSchema = z.strictObject({
  gateway: id,
  extraDays: count,
});

export const gatewayTrainSchema = z.strictObject({
  id,
  arrivalDay: count,
  weight: count,
  maxDelayDays: count,
  options: z.array(gatewayOptionSchema).max(100),
});

export const gatewaySchema = z.strictObject({
  id,
  quota: z.array(count),
});

export const gatewayInstanceSchema = z.strictObject({
  format: z.literal(GATEWAY_INSTANCE_FORMAT),
  id,
  days: z.int().min(1).max(3660),
  gateways: z.array(gatewaySchema).max(1000),
  trains: z.array(gatewayTrainSchema).max(200_000),
  unscheduledPenaltyDays: count,
  // Optional extras (allowed by the contract): the calendar date of day 0 and a description.
  startDate: z.iso.date().optional(),
  description: z.strictObject({ en: z.string().max(2000), zh: z.string().max(2000) }).optional(),
});

export type GatewayInstance = z.infer<typeof gatewayInstanceSchema>;
export type GatewayTrain = z.infer<typeof gatewayTrainSchema>;

/** A slot (gateway, day) that blocked a cheaper choice: full to its quota, or closed (quota 0). */
export const blockedSlotSchema = z.strictObject({
  gateway: id,
  day: count,
  state: z.enum(['full', 'closed']),
  quota: count,
});
export type BlockedSlot = z.infer<typeof blockedSlotSchema>;

export const crossingSchema = z.strictObject({
  train: id,
  gateway: id,
  day: count,
  // Optional extras: why a train crosses later than it arrived (en and zh) and the slots that blocked it.
  delayReason: z.string().optional(),
  delayReasonZh: z.string().optional(),
  blocked: z.array(blockedSlotSchema).optional(),
});

export const UNSCHEDULED_CODES = [
  'no-option',
  'after-horizon',
  'all-closed',
  'slots-full',
  'penalty-not-higher',
] as const;
export type UnscheduledCode = (typeof UNSCHEDULED_CODES)[number];

export const unscheduledSchema = z.strictObject({
  train: id,
  reason: z.string(),
  // Optional extras: machine code, the reason in Chinese, and the slots that were full or closed.
  code: z.enum(UNSCHEDULED_CODES).optional(),
  reasonZh: z.string().optional(),
  blocked: z.array(blockedSlotSchema).optional(),
});

export const gatewaySolutionSchema = z.strictObject({
  format: z.literal(GATEWAY_SOLUTION_FORMAT),
  instanceId: id,
  status: z.enum(['optimal', 'feasible']),
  objective: z.number().min(0),
  bound: z.number().min(0).nullable(),
  solveMs: z.number().min(0),
  crossings: z.array(crossingSchema),
  unscheduled: z.array(unscheduledSchema),
});

export type GatewaySolution = z.infer<typeof gatewaySolutionSchema>;
export type Crossing = z.infer<typeof crossingSchema>;
export type Unscheduled = z.infer<typeof unscheduledSchema>;

function firstDuplicate(ids: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const x = ids[i] as string;
    if (seen.has(x)) return i;
    seen.add(x);
  }
  return -1;
}

/** Cross-field rules of an instance whose shape is already valid; returns the first broken one. */
export function checkInstance(inst: GatewayInstance): Violation | null {
  for (let g = 0; g < inst.gateways.length; g++) {
    const gw = inst.gateways[g] as GatewayInstance['gateways'][number];
    if (gw.quota.length !== inst.days) {
      return prefixedViolation(
        'gateway',
        `gateways.${g}.quota`,
        'quota_length',
        `must have one entry per day: ${inst.days} expected, ${gw.quota.length} given`,
        `必须每天一项：应为 ${inst.days} 项，实际 ${gw.quota.length} 项`,
        { expected: inst.days, actual: gw.quota.length },
      );
    }
  }
  const dupG = firstDuplicate(inst.gateways.map((g) => g.id));
  if (dupG >= 0) {
    const gid = inst.gateways[dupG]?.id;
    return prefixedViolation(
      'gateway',
      `gateways.${dupG}.id`,
      'duplicate_id',
      `gateway id "${gid}" appears twice`,
      `口岸编号 "${gid}" 重复`,
      { id: gid },
    );
  }
  const dupT = firstDuplicate(inst.trains.map((t) => t.id));
  if (dupT >= 0) {
    const tid = inst.trains[dupT]?.id;
    return prefixedViolation(
      'gateway',
      `trains.${dupT}.id`,
      'duplicate_id',
      `train id "${tid}" appears twice`,
      `列车编号 "${tid}" 重复`,
      { id: tid },
    );
  }
  const known = new Set(inst.gateways.map((g) => g.id));
  for (let t = 0; t < inst.trains.length; t++) {
    const options = (inst.trains[t] as GatewayTrain).options;
    for (let o = 0; o < options.length; o++) {
      const gid = (options[o] as GatewayTrain['options'][number]).gateway;
      if (!known.has(gid)) {
        return prefixedViolation(
          'gateway',
          `trains.${t}.options.${o}.gateway`,
          'unknown_gateway',
          `gateway "${gid}" is not one of the instance's gateways (${[...known].join(', ') || 'none'})`,
          `口岸 "${gid}" 不在本实例的口岸中（${[...known].join('、') || '无'}）`,
          { gateway: gid, known: [...known] },
        );
      }
    }
  }
  return null;
}

/** Validates a gateway instance document: shape first, then the cross-field rules. */
export function parseGatewayInstance(json: unknown): Result<GatewayInstance> {
  const parsed = gatewayInstanceSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) return fail(prefixedViolation('gateway', '', 'invalid', 'is invalid', '无效'));
    return fail(zodIssueToViolation(issue, 'gateway'));
  }
  const broken = checkInstance(parsed.data);
  return broken === null ? ok(parsed.data) : fail(broken);
}

/** Validates the shape of a gateway solution document (use validate.ts to check it against an instance). */
export function parseGatewaySolution(json: unknown): Result<GatewaySolution> {
  const parsed = gatewaySolutionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue === undefined) return fail(prefixedViolation('gateway', '', 'invalid', 'is invalid', '无效'));
    return fail(zodIssueToViolation(issue, 'gateway'));
  }
  return ok(parsed.data);
}
