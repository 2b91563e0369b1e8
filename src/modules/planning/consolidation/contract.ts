// Consolidation interchange format v1 (shared/contracts/planning.md §2): zod schemas for the instance
// and the solution, cross-field checks, and a parser that turns the first problem into one Violation.
// Optional extension field of the instance (allowed by the contract): `pinned` — confirmed
// assignments `{booking, departure}` that a re-plan must keep.
import { z } from 'zod';
import { fail, ok, type Result } from '../../../domain/result';
import { zodIssueToViolation } from '../../../domain/zod-violation';

const id = z.string().min(1);
const int = z.number().int();
const nonNeg = int.min(0);
const positive = int.min(1);

export const gatewaySchema = z.strictObject({ id, quota: z.array(nonNeg) });
export const routeSchema = z.strictObject({
  id,
  gateway: id.nullable(),
  daysToGateway: nonNeg,
  transitDays: nonNeg,
});
export const departureSchema = z.strictObject({
  id,
  route: id,
  day: nonNeg,
  capacityTeu: positive,
  capacityKg: positive,
  minTeu: nonNeg,
});
export const bookingSchema = z.strictObject({
  id,
  routes: z.array(id).min(1),
  teu: positive,
  grossKg: positive,
  readyDay: int,
  dueDay: int,
  value: nonNeg,
});
export const pinSchema = z.strictObject({ booking: id, departure: id });

const instanceShape = z.strictObject({
  format: z.literal('lugang.consolidation.instance/v1'),
  id,
  days: positive,
  gateways: z.array(gatewaySchema),
  routes: z.array(routeSchema),
  departures: z.array(departureSchema),
  bookings: z.array(bookingSchema),
  /** Extension: confirmed assignments a re-plan keeps (optional, not part of the v1 core). */
  pinned: z.array(pinSchema).optional(),
});

function uniqueIds(
  ctx: z.core.$RefinementCtx,
  list: readonly { id: string }[],
  field: string,
  what: string,
): Set<string> {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    if (seen.has(item.id)) {
      ctx.addIssue({
        code: 'custom',
        path: [field, i, 'id'],
        message: `duplicate ${what} id '${item.id}'`,
        params: { zh: `${what} 编号 '${item.id}' 重复`, code: 'duplicate_id' },
      });
    }
    seen.add(item.id);
  });
  return seen;
}

function crossCheck(doc: z.infer<typeof instanceShape>, ctx: z.core.$RefinementCtx): void {
  const issue = (path: (string | number)[], en: string, zh: string, code: string) =>
    ctx.addIssue({ code: 'custom', path, message: en, params: { zh, code } });
  const gateways = uniqueIds(ctx, doc.gateways, 'gateways', 'gateway');
  const routes = uniqueIds(ctx, doc.routes, 'routes', 'route');
  const departures = uniqueIds(ctx, doc.departures, 'departures', 'departure');
  const bookings = uniqueIds(ctx, doc.bookings, 'bookings', 'booking');
  doc.gateways.forEach((g, i) => {
    if (g.quota.length !== doc.days) {
      issue(
        ['gateways', i, 'quota'],
        `quota has ${g.quota.length} entries but the horizon has ${doc.days} days`,
        `配额有 ${g.quota.length} 项，但计划期为 ${doc.days} 天`,
        'quota_length',
      );
    }
  });
  doc.routes.forEach((r, i) => {
    if (r.gateway !== null && !gateways.has(r.gateway)) {
      issue(
        ['routes', i, 'gateway'],
        `unknown gateway '${r.gateway}'`,
        `未知口岸 '${r.gateway}'`,
        'unknown_ref',
      );
    }
  });
  doc.departures.forEach((d, i) => {
    if (!routes.has(d.route)) {
      issue(['departures', i, 'route'], `unknown route '${d.route}'`, `未知线路 '${d.route}'`, 'unknown_ref');
    }
  });
  doc.bookings.forEach((b, i) => {
    const seen = new Set<string>();
    b.routes.forEach((r, j) => {
      if (!routes.has(r)) {
        issue(['bookings', i, 'routes', j], `unknown route '${r}'`, `未知线路 '${r}'`, 'unknown_ref');
      } else if (seen.has(r)) {
        issue(
          ['bookings', i, 'routes', j],
          `route '${r}' listed twice`,
          `线路 '${r}' 重复列出`,
          'duplicate_ref',
        );
      }
      seen.add(r);
    });
  });
  const pinnedBookings = new Set<string>();
  (doc.pinned ?? []).forEach((p, i) => {
    if (!bookings.has(p.booking)) {
      issue(
        ['pinned', i, 'booking'],
        `unknown booking '${p.booking}'`,
        `未知订舱 '${p.booking}'`,
        'unknown_ref',
      );
    } else if (pinnedBookings.has(p.booking)) {
      issue(
        ['pinned', i, 'booking'],
        `booking '${p.booking}' is pinned twice`,
        `订舱 '${p.booking}' 被重复锁定`,
        'duplicate_ref',
      );
    }
    pinnedBookings.add(p.booking);
    if (!departures.has(p.departure)) {
      issue(
        ['pinned', i, 'departure'],
        `unknown departure '${p.departure}'`,
        `未知班列 '${p.departure}'`,
        'unknown_ref',
      );
    }
  });
}

export const consolidationInstanceSchema = instanceShape.superRefine(crossCheck);
export type ConsolidationInstance = z.infer<typeof instanceShape>;
export type ConsolidationGateway = z.infer<typeof gatewaySchema>;
export type ConsolidationRoute = z.infer<typeof routeSchema>;
export type ConsolidationDeparture = z.infer<typeof departureSchema>;
export type ConsolidationBooking = z.infer<typeof bookingSchema>;
export type ConsolidationPin = z.infer<typeof pinSchema>;

export const consolidationSolutionSchema = z.strictObject({
  format: z.literal('lugang.consolidation.solution/v1'),
  instanceId: id,
  status: z.enum(['optimal', 'feasible']),
  objective: z.number(),
  bound: z.number().nullable(),
  solveMs: z.number().min(0),
  assignments: z.array(z.strictObject({ booking: id, departure: id })),
  running: z.array(id),
  unassigned: z.array(
    z.strictObject({
      booking: id,
      reason: z.string(),
      /** Extension: stable reason code and the reason in Chinese. */
      code: z.string().optional(),
      reasonZh: z.string().optional(),
    }),
  ),
});
export type ConsolidationSolution = z.infer<typeof consolidationSolutionSchema>;

/** Validates an untrusted document; the first problem found is returned as one bilingual Violation. */
export function parseConsolidationInstance(json: unknown): Result<ConsolidationInstance> {
  const parsed = consolidationInstanceSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const first = parsed.error.issues[0];
  if (first === undefined) {
    return fail({
      field: '',
      code: 'consolidation.invalid',
      message: { en: 'invalid consolidation instance', zh: '集结计划输入无效' },
    });
  }
  return fail(zodIssueToViolation(first, 'consolidation'));
}
