// The train load plan interchange format (contracts/planning.md §1): zod schemas for the instance and
// solution documents, and the parser that turns any JSON value into a typed instance or ONE clear
// Violation naming the field, in English and Chinese.
import { z } from 'zod';
import { fail, ok, type Result } from '../../../domain/result';
import { zodIssueToViolation } from '../../../domain/zod-violation';

export const INSTANCE_FORMAT = 'lugang.load-plan.instance/v1';
export const SOLUTION_FORMAT = 'lugang.load-plan.solution/v1';

export const SLOTS = ['F', 'A', 'B'] as const;
export type Slot = (typeof SLOTS)[number];

const kg = z.number().int().min(0);
const text = z.string().min(1);

export const rulesSchema = z.strictObject({
  twentyFootMustPair: z.boolean(),
  pairMaxDiffKg: kg,
  twentyFootMaxKg: kg,
  trainMaxCargoKg: kg,
  dgFirstWagonsForbidden: z.number().int().min(0),
  dgAdjacentWagonsForbidden: z.boolean(),
});

export const platformSchema = z.strictObject({
  lengthFt: z.number().int().min(1),
  maxKg: kg,
});

export const bogieSchema = z.strictObject({
  maxKg: kg,
  share: z.record(z.string(), z.number().min(0).max(1)),
});

export const wagonTypeSchema = z.strictObject({
  code: text,
  gaugeMm: z.number().int().min(1),
  lengthMm: z.number().int().min(1),
  tareKg: kg,
  maxPayloadKg: kg,
  platforms: z.array(platformSchema).min(1),
  bogies: z.array(bogieSchema).optional(),
});

export const wagonSchema = z.strictObject({ id: text, type: text });

export const dgSchema = z.strictObject({
  un: z.string().regex(/^[0-9]{4}$/, { message: 'UN number must be 4 digits' }),
  class: text,
});

export const containerSchema = z.strictObject({
  id: text,
  lengthFt: z.union([z.literal(20), z.literal(30), z.literal(40), z.literal(45)]),
  grossKg: kg,
  value: z.number().min(0),
  dg: dgSchema.nullable(),
  reefer: z.boolean().optional(),
});

function custom(
  ctx: z.core.$RefinementCtx,
  path: (string | number)[],
  code: string,
  en: string,
  zh: string,
): void {
  ctx.addIssue({ code: 'custom', path, message: en, params: { code, zh } });
}

export const instanceSchema = z
  .strictObject({
    format: z.literal(INSTANCE_FORMAT),
    id: text,
    rules: rulesSchema,
    wagonTypes: z.array(wagonTypeSchema).min(1),
    wagons: z.array(wagonSchema),
    containers: z.array(containerSchema),
  })
  .superRefine((doc, ctx) => {
    const types = new Map<string, number>();
    doc.wagonTypes.forEach((t, i) => {
      if (types.has(t.code)) {
        custom(
          ctx,
          ['wagonTypes', i, 'code'],
          'duplicate',
          `duplicate wagon type code ${t.code}`,
          `车型代码 ${t.code} 重复`,
        );
      }
      types.set(t.code, t.platforms.length);
      (t.bogies ?? []).forEach((b, j) => {
        for (const key of Object.keys(b.share)) {
          const m = /^(\d+)\.([FAB])$/.exec(key);
          if (m === null || Number(m[1]) >= t.platforms.length) {
            custom(
              ctx,
              ['wagonTypes', i, 'bogies', j, 'share', key],
              'bogie_key',
              `bogie share key "${key}" must be platformIndex.slot with platformIndex < ${t.platforms.length} and slot F, A or B`,
              `转向架分担键 "${key}" 必须为 平台序号.槽位（平台序号 < ${t.platforms.length}，槽位为 F、A 或 B）`,
            );
          }
        }
      });
    });
    const wagonIds = new Set<string>();
    doc.wagons.forEach((w, i) => {
      if (wagonIds.has(w.id))
        custom(ctx, ['wagons', i, 'id'], 'duplicate', `duplicate wagon id ${w.id}`, `车辆编号 ${w.id} 重复`);
      wagonIds.add(w.id);
      if (!types.has(w.type)) {
        custom(
          ctx,
          ['wagons', i, 'type'],
          'unknown_type',
          `unknown wagon type ${w.type}`,
          `未知车型 ${w.type}`,
        );
      }
    });
    const boxIds = new Set<string>();
    doc.containers.forEach((c, i) => {
      if (boxIds.has(c.id)) {
        custom(
          ctx,
          ['containers', i, 'id'],
          'duplicate',
          `duplicate container id ${c.id}`,
          `集装箱编号 ${c.id} 重复`,
        );
      }
      boxIds.add(c.id);
    });
  });

export type LoadPlanInstance = z.infer<typeof instanceSchema>;
export type LoadPlanRules = LoadPlanInstance['rules'];
export type WagonType = LoadPlanInstance['wagonTypes'][number];
export type Wagon = LoadPlanInstance['wagons'][number];
export type Container = LoadPlanInstance['containers'][number];

export const placementSchema = z.strictObject({
  container: text,
  wagon: text,
  platform: z.number().int().min(0),
  slot: z.enum(SLOTS),
});

export const unloadedSchema = z.strictObject({
  container: text,
  reason: text,
  reasonZh: z.string().optional(),
});

export const solutionSchema = z.strictObject({
  format: z.literal(SOLUTION_FORMAT),
  instanceId: text,
  status: z.enum(['optimal', 'feasible']),
  objective: z.number(),
  bound: z.number().nullable(),
  solveMs: z.number().min(0),
  placements: z.array(placementSchema),
  unloaded: z.array(unloadedSchema),
});

export type LoadPlanSolution = z.infer<typeof solutionSchema>;
export type Placement = LoadPlanSolution['placements'][number];
export type Unloaded = LoadPlanSolution['unloaded'][number];

function parseWith<T>(schema: z.ZodType<T>, json: unknown): Result<T> {
  const r = schema.safeParse(json);
  if (r.success) return ok(r.data);
  const first = r.error.issues[0];
  if (first === undefined) {
    return fail({
      field: '',
      code: 'load-plan.invalid',
      message: { en: 'invalid document', zh: '文档无效' },
    });
  }
  return fail(zodIssueToViolation(first, 'load-plan'));
}

/** Validates a load-plan instance document; a malformed one gives one Violation naming the field. */
export function parseLoadPlanInstance(json: unknown): Result<LoadPlanInstance> {
  return parseWith(instanceSchema, json);
}

/** Validates a load-plan solution document (shape only; `validateLoadPlan` checks the constraints). */
export function parseLoadPlanSolution(json: unknown): Result<LoadPlanSolution> {
  return parseWith(solutionSchema, json);
}
