/**
 * Zod 4 schemas of every file in data/network/ (strict: unknown keys are rejected) and
 * `parseNetworkFiles`, which turns raw JSON keyed by file name into typed files or a list of
 * violations naming the file and the field.
 */
import { z } from 'zod';
import type {
  GatewayRecord,
  GoodsGroupRecord,
  LegRecord,
  LocationRecord,
  ManifestFile,
  NetworkFileKey,
  NetworkFiles,
  NetworkViolation,
  RawNetworkFiles,
  RouteRecord,
  SourceRecord,
  TrainLimitsFile,
  WagonTypeRecord,
} from './types';
import { LEG_MODES, LOCATION_KINDS, NETWORK_FILE_NAMES, TRAIN_LIMIT_KINDS, TRAIN_SECTION_IDS } from './types';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._>-]*$/, 'id: letters, digits, . _ > -');
const text = z.string().trim().min(1);
const names = z.strictObject({ en: text, zh: text, ru: text });
const bilingual = z.strictObject({ en: text, zh: text });

interface ProvenanceShape {
  source?: string | undefined;
  estimated?: true | undefined;
  reason?: string | undefined;
}

/** A record carries exactly one provenance: a source, or an estimate with a reason. */
function checkProvenance(v: ProvenanceShape, ctx: z.RefinementCtx): void {
  const hasSource = typeof v.source === 'string';
  const isEstimate = v.estimated === true;
  if (hasSource === isEstimate) {
    ctx.addIssue({
      code: 'custom',
      path: ['source'],
      message: 'needs exactly one of `source` or `estimated: true` with a `reason`',
    });
  }
  if (isEstimate && !v.reason)
    ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an estimate needs a reason' });
  if (!isEstimate && v.reason !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: '`reason` belongs to estimates only' });
  }
}

const provenanceFields = {
  source: text.optional(),
  estimated: z.literal(true).optional(),
  reason: text.optional(),
  note: text.optional(),
};

export const provenanceSchema = z.strictObject(provenanceFields).superRefine(checkProvenance);

function figureOf<T extends z.ZodType>(value: T) {
  return z
    .strictObject({ value, min: z.number().optional(), max: z.number().optional(), ...provenanceFields })
    .superRefine((v, ctx) => {
      checkProvenance(v, ctx);
      const raw: unknown = (v as { value: unknown }).value;
      const n = typeof raw === 'number' ? raw : undefined;
      if (n !== undefined && v.min !== undefined && n < v.min) {
        ctx.addIssue({ code: 'custom', path: ['min'], message: 'min is above value' });
      }
      if (n !== undefined && v.max !== undefined && n > v.max) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below value' });
      }
    });
}

const finite = z.number().finite();
export const figureSchema = figureOf(finite);
const positiveFigure = figureOf(finite.positive());

export const manifestSchema = z.strictObject({
  version: text,
  asOf: z.iso.date(),
  origin: id,
  citation: text,
  expected: z.strictObject({
    routes: figureOf(z.number().int().positive()),
    destinationCities: figureOf(z.number().int().positive()),
    destinationCountries: figureOf(z.number().int().positive()),
    goodsCategoriesAtLeast: figureOf(z.number().int().positive()),
  }),
  files: z.array(text).min(1),
}) satisfies z.ZodType<ManifestFile>;

export const sourceSchema = z.strictObject({
  id: text,
  publication: text,
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'date: YYYY, YYYY-MM or YYYY-MM-DD')
    .nullable(),
  url: z.url().nullable(),
  about: text,
}) satisfies z.ZodType<SourceRecord>;

export const positionSchema = z
  .strictObject({ lat: finite.min(-90).max(90), lon: finite.min(-180).max(180), ...provenanceFields })
  .superRefine(checkProvenance);

export const locationSchema = z.strictObject({
  id,
  unlocode: z
    .string()
    .regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'UN/LOCODE: 2-letter country + 3 letters/digits 2–9, no space')
    .nullable(),
  kind: z.enum(LOCATION_KINDS),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
  names,
  position: positionSchema,
  railCodes: z
    .strictObject({
      telegraph: z
        .string()
        .regex(/^[A-Z]{3}$/, 'Chinese telegraph code: 3 capital letters')
        .optional(),
      esr: z
        .string()
        .regex(/^\d{5,6}$/, 'ESR code: 5–6 digits')
        .optional(),
    })
    .optional(),
}) satisfies z.ZodType<LocationRecord>;

export const legSchema = z.strictObject({
  id,
  from: id,
  to: id,
  mode: z.enum(LEG_MODES),
  km: positiveFigure,
  hours: positiveFigure,
}) satisfies z.ZodType<LegRecord>;

export const routeSchema = z.strictObject({
  id,
  names,
  gateway: id.nullable(),
  gatewayBasis: provenanceSchema,
  legs: z.array(id).min(1),
  destinations: z
    .array(z.strictObject({ location: id, ...provenanceFields }).superRefine(checkProvenance))
    .min(1),
  transitDays: positiveFigure,
  reportedKm: positiveFigure.optional(),
}) satisfies z.ZodType<RouteRecord>;

export const gatewaySchema = z.strictObject({
  id,
  names,
  sides: z.tuple([id, id]),
  border: z.boolean(),
  gaugeMm: figureOf(z.tuple([z.number().int().positive(), z.number().int().positive()])),
  trainsPerDay: z.strictObject({ outbound: positiveFigure, inbound: positiveFigure }),
  transshipmentHours: positiveFigure,
  figures: z.array(
    z
      .strictObject({
        id,
        label: bilingual,
        unit: text,
        value: finite,
        min: z.number().optional(),
        max: z.number().optional(),
        ...provenanceFields,
      })
      .superRefine(checkProvenance),
  ),
}) satisfies z.ZodType<GatewayRecord>;

export const wagonTypeSchema = z.strictObject({
  id,
  names,
  gaugeMm: figureOf(z.union([z.literal(1435), z.literal(1520)])),
  payloadKg: figureOf(z.number().int().positive()),
  tareKg: figureOf(z.number().int().positive()).optional(),
  lengthMm: figureOf(z.number().int().positive()).optional(),
  maxAxleKg: figureOf(z.number().int().positive()).optional(),
  twentyFootSlots: figureOf(z.number().int().nonnegative()).optional(),
  fortyFootSlots: figureOf(z.number().int().nonnegative()).optional(),
  maxKgPerTwentyFoot: figureOf(z.number().int().positive()).optional(),
  bogies: figureOf(z.number().int().positive()).optional(),
}) satisfies z.ZodType<WagonTypeRecord>;

const sectionId = z.enum(TRAIN_SECTION_IDS);

export const trainLimitsSchema = z.strictObject({
  sections: z.array(z.strictObject({ id: sectionId, names })),
  limits: z.array(
    z.strictObject({
      id,
      section: sectionId,
      kind: z.enum(TRAIN_LIMIT_KINDS),
      unit: z.enum(['FEU', 'wagons', 'mm', 'kg']),
      names,
      container: z.enum(['20', '40']).optional(),
      limit: positiveFigure,
    }),
  ),
  rules: z.array(
    z.strictObject({ id, section: sectionId, names, ...provenanceFields }).superRefine(checkProvenance),
  ),
}) satisfies z.ZodType<TrainLimitsFile>;

export const goodsGroupSchema = z.strictObject({
  id,
  names,
  direction: z.enum(['export', 'import', 'both']),
  coldChain: z.boolean().optional(),
  basis: provenanceSchema,
  headings: z.array(z.string().regex(/^\d{4}$/, 'HS heading: 4 digits')).min(1),
}) satisfies z.ZodType<GoodsGroupRecord>;

/** The schema of each file, keyed like NetworkFiles. */
export const networkFileSchemas = {
  manifest: manifestSchema,
  sources: z.strictObject({ sources: z.array(sourceSchema) }),
  locations: z.strictObject({ locations: z.array(locationSchema) }),
  legs: z.strictObject({ legs: z.array(legSchema) }),
  routes: z.strictObject({ routes: z.array(routeSchema) }),
  gateways: z.strictObject({ gateways: z.array(gatewaySchema) }),
  wagonTypes: z.strictObject({ wagonTypes: z.array(wagonTypeSchema) }),
  trainLimits: trainLimitsSchema,
  goods: z.strictObject({ groups: z.array(goodsGroupSchema) }),
} as const;

export type ParseNetworkResult =
  | { readonly ok: true; readonly value: NetworkFiles }
  | { readonly ok: false; readonly errors: readonly NetworkViolation[] };

/** Dotted path of a zod issue, e.g. `routes.3.legs.0`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** Parse raw JSON (keyed by file name) with the schemas; every problem of every file is collected. */
export function parseNetworkFiles(raw: RawNetworkFiles): ParseNetworkResult {
  const errors: NetworkViolation[] = [];
  const parsed: Partial<Record<NetworkFileKey, unknown>> = {};
  for (const key of Object.keys(NETWORK_FILE_NAMES) as NetworkFileKey[]) {
    const file = NETWORK_FILE_NAMES[key];
    if (!(file in raw) || raw[file] === undefined) {
      errors.push({
        file,
        field: '',
        code: 'network.file_missing',
        message: { en: `file ${file} is missing`, zh: `缺少文件 ${file}` },
      });
      continue;
    }
    const result = networkFileSchemas[key].safeParse(raw[file]);
    if (result.success) {
      parsed[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const field =
        issue.code === 'unrecognized_keys'
          ? [issuePath(issue.path), ...issue.keys].filter(Boolean).join('.')
          : issuePath(issue.path);
      errors.push({
        file,
        field,
        code: `network.schema.${issue.code}`,
        message: {
          en: `${file}: ${field || '(root)'}: ${issue.message}`,
          zh: `${file}：字段 ${field || '（根）'} 不符合格式：${issue.message}`,
        },
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: parsed as unknown as NetworkFiles };
}
