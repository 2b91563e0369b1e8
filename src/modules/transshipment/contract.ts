// The transshipment document the CLI (`lugang plan transship`) reads, pure: the arriving trains with
// their boxes on their wagons, the direction and optional rule overrides; defaults for both directions
// (1435 → 1520 at Dostyk/Altynkol, 1520 → 1435 at Alashankou/Khorgos). One Violation names a bad field.
import { z } from 'zod';
import { fail, ok, type Result } from '../../domain/result';
import { zodIssueToViolation } from '../../domain/zod-violation';
import type { ArrivingTrain, TransshipRules } from './plan';

export const TRANSSHIP_FORMAT = 'lugang.transshipment.instance/v1';

const text = z.string().min(1).max(64);
const kg = z.number().int().min(0);

const ruleOverrides = z.strictObject({
  maxWagons: z.number().int().min(1).max(120).optional(),
  trainMaxCargoKg: kg.optional(),
  pairMaxDiffKg: kg.optional(),
  twentyFootMaxKg: kg.optional(),
  dgFirstWagonsForbidden: z.number().int().min(0).optional(),
  cranes: z.number().int().min(1).max(12).optional(),
  movesPerCraneHour: z.number().min(1).max(300).optional(),
});

export const transshipDocumentSchema = z
  .strictObject({
    format: z.literal(TRANSSHIP_FORMAT),
    id: text,
    startAt: z.iso.datetime({ offset: true }),
    direction: z.enum(['to-1520', 'to-1435']),
    rules: ruleOverrides.optional(),
    trains: z
      .array(
        z.strictObject({
          reference: text,
          boxes: z.array(
            z.strictObject({
              id: text,
              lengthFt: z.union([z.literal(20), z.literal(30), z.literal(40), z.literal(45)]),
              grossKg: kg,
              dg: z
                .strictObject({ un: z.string().regex(/^\d{4}$/), class: z.string().min(1) })
                .nullable()
                .optional(),
              reefer: z.boolean().optional(),
              owner: text.optional(),
              fromWagon: text,
            }),
          ),
        }),
      )
      .min(1)
      .max(20),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.trains.forEach((t, i) => {
      t.boxes.forEach((b, j) => {
        if (seen.has(b.id))
          ctx.addIssue({
            code: 'custom',
            path: ['trains', i, 'boxes', j, 'id'],
            message: `box ${b.id} is given twice`,
            params: { code: 'duplicate', zh: `集装箱 ${b.id} 重复` },
          });
        seen.add(b.id);
      });
    });
  });

export type TransshipDocument = z.infer<typeof transshipDocumentSchema>;

/**
 * Defaults: to 1520 mm — 13-1258-01 40-ft platforms (72 t, railvolution) and 13-6724 46-ft ones for
 * 45-ft boxes (80 t, uniwagon), at most 62 wagons (npktrans.ru 2017); to 1435 mm — NX70A (70 t payload,
 * 23.8 t tare, 13.97 m, railwaywagons.com; 72 t gross per wagon, CR Express rules), at most 55 wagons on
 * the Chinese section (newsilkroaddiscovery) and 1,300 t a train (sinoeurorailway.com). Lengths and
 * tares of the 1520 platforms, the 1520 train weight and the two cranes are estimates; 90 moves a
 * crane-hour is 40 s a container (khabarasia 2024).
 */
export function defaultRules(direction: TransshipDocument['direction']): TransshipRules {
  const common = {
    pairMaxDiffKg: 5_000,
    twentyFootMaxKg: 24_000,
    dgFirstWagonsForbidden: 2,
    cranes: 2,
    movesPerCraneHour: 90,
  };
  return direction === 'to-1520'
    ? {
        ...common,
        fromGaugeMm: 1435,
        toGaugeMm: 1520,
        wagonTypes: [
          { code: '13-1258-01', lengthMm: 13_620, tareKg: 21_000, maxPayloadKg: 72_000, platformFt: 40 },
          { code: '13-6724', lengthMm: 15_720, tareKg: 22_000, maxPayloadKg: 80_000, platformFt: 45 },
        ],
        maxWagons: 62,
        trainMaxCargoKg: 62 * 72_000,
      }
    : {
        ...common,
        fromGaugeMm: 1520,
        toGaugeMm: 1435,
        wagonTypes: [
          { code: 'NX70A', lengthMm: 13_970, tareKg: 23_800, maxPayloadKg: 72_000 - 23_800, platformFt: 45 },
        ],
        maxWagons: 55,
        trainMaxCargoKg: 1_300_000,
      };
}

export function parseTransshipDocument(
  json: unknown,
): Result<{ id: string; startAt: string; trains: ArrivingTrain[]; rules: TransshipRules }> {
  const r = transshipDocumentSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return fail(
      first === undefined
        ? { field: '', code: 'transshipment.invalid', message: { en: 'invalid document', zh: '文档无效' } }
        : zodIssueToViolation(first, 'transshipment'),
    );
  }
  const d = r.data;
  const rules = { ...defaultRules(d.direction), ...(d.rules ?? {}) };
  return ok({
    id: d.id,
    startAt: d.startAt,
    rules,
    trains: d.trains.map((t) => ({
      reference: t.reference,
      boxes: t.boxes.map((b) => ({
        id: b.id,
        lengthFt: b.lengthFt,
        grossKg: b.grossKg,
        dg: b.dg ?? null,
        ...(b.reefer ? { reefer: true } : {}),
        owner: b.owner ?? 'port-operator',
        fromWagon: b.fromWagon,
      })),
    })),
  });
}
