// Validation of one booking (pure): the same rules for the API body and an imported row. Every
// problem found is returned (not only the first) as a Violation naming the field, in en and zh.
// The HS table, the network's destinations and the organizations come in as a context.
import { parseDgClass, parseUnNumber } from '../../domain/codes/dangerous-goods';
import { parseContainerNumber } from '../../domain/codes/iso6346';
import { parseSizeType } from '../../domain/codes/size-type';
import { teuForLength } from '../../domain/codes/units';
import type { Result, Violation } from '../../domain/result';
import { dateMs } from '../timetable/dates';

export const CUSTOMS_MODES = ['general', 'bonded', '9610', '9710', '9810', '1210'] as const;
export type CustomsMode = (typeof CUSTOMS_MODES)[number];
export const BOOKING_STATUSES = ['draft', 'confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const DEFAULT_ORIGIN = 'CNURM-AC';
export const DEFAULT_PRIORITY = 3;
export const MAX_CONTAINERS = 110;
/** Heaviest gross mass of one box accepted (ISO 668 allows 30,480 kg; some 40' boxes 32,500 kg). */
export const MAX_KG_PER_CONTAINER = 32_500;

export interface ContainerGroup {
  /** ISO 6346 size-type, e.g. 42G1. */
  sizeType: string;
  count: number;
  /** ISO 6346 numbers once known: empty, or exactly `count` of them. */
  numbers: string[];
}

/** What a caller or a file row gives, before checking. Numbers may come as text (spreadsheets). */
export interface RawBooking {
  reference?: string | undefined;
  shipperOrg?: string | null | undefined;
  forwarderOrg?: string | null | undefined;
  containers?:
    | Array<{
        sizeType?: string | undefined;
        count?: number | string | undefined;
        numbers?: string[] | undefined;
      }>
    | undefined;
  grossKg?: number | string | undefined;
  hsCode?: string | undefined;
  dgUn?: string | null | undefined;
  dgClass?: string | null | undefined;
  reeferSetpointC?: number | string | null | undefined;
  origin?: string | null | undefined;
  destination?: string | undefined;
  readyDate?: string | undefined;
  dueDate?: string | undefined;
  priority?: number | string | null | undefined;
  customsMode?: string | null | undefined;
  status?: string | null | undefined;
}

/** A checked booking, normalized (the stored fields that the caller decides). */
export interface BookingFields {
  reference: string;
  shipperOrg: string | null;
  forwarderOrg: string | null;
  containers: ContainerGroup[];
  teu: number;
  containerCount: number;
  grossKg: number;
  hsCode: string;
  dg: { un: string; class: string } | null;
  reeferSetpointC: number | null;
  origin: string;
  destination: string;
  eligibleRoutes: string[];
  readyDate: string;
  dueDate: string;
  priority: number;
  customsMode: CustomsMode;
  status: 'draft' | 'confirmed';
}

export interface BookingContext {
  /** The shipped HS table: ok for a known 2/4/6-digit code (its digits), else a Violation. */
  lookupHs(code: string, field: string): Result<{ code: string }>;
  /** Destination city id → ids of the routes serving it. */
  readonly routesByDestination: ReadonlyMap<string, readonly string[]>;
  /** Location ids the routes start from. */
  readonly origins: ReadonlySet<string>;
  readonly organizations: ReadonlySet<string>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

const v = (
  field: string,
  code: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
): Violation => ({
  field,
  code: `booking.${code}`,
  message: { en, zh },
  ...(details ? { details } : {}),
});

const CUSTOMS_ALIASES: Readonly<Record<string, CustomsMode>> = {
  general: 'general',
  'general trade': 'general',
  一般贸易: 'general',
  '0110': 'general',
  bonded: 'bonded',
  保税: 'bonded',
  保税物流: 'bonded',
  '9610': '9610',
  '9710': '9710',
  '9810': '9810',
  '1210': '1210',
};

const STATUS_ALIASES: Readonly<Record<string, 'draft' | 'confirmed'>> = {
  draft: 'draft',
  草稿: 'draft',
  confirmed: 'confirmed',
  已确认: 'confirmed',
  确认: 'confirmed',
};

const blank = (x: unknown): boolean =>
  x === undefined || x === null || (typeof x === 'string' && x.trim() === '');

/** A whole number from a number or its text (`12 000`, `12,000` and `12000.0` accepted). */
export function wholeNumber(x: number | string): number | undefined {
  if (typeof x === 'number') return Number.isInteger(x) ? x : undefined;
  const t = x
    .trim()
    .replace(/[\s,_]/g, '')
    .replace(/\.0+$/, '');
  return /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

function decimal(x: number | string): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  const t = x
    .trim()
    .replace(',', '.')
    .replace(/\s*°?\s*C$/i, '');
  return /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

function text(x: string | null | undefined): string {
  return (x ?? '').trim();
}

export function checkBooking(raw: RawBooking, ctx: BookingContext): Checked<BookingFields> {
  const out: Violation[] = [];

  const reference = text(raw.reference);
  if (!reference)
    out.push(v('reference', 'reference_missing', 'the booking reference is missing', '缺少订舱号'));
  else if (!/^[\p{L}\p{N}][\p{L}\p{N} ._/#-]{0,63}$/u.test(reference))
    out.push(
      v(
        'reference',
        'reference_format',
        `booking reference "${reference}": 1–64 letters, digits, space . _ / # -`,
        `订舱号“${reference}”：1–64 个字母、数字、空格或 . _ / # -`,
      ),
    );

  const org = (field: 'shipperOrg' | 'forwarderOrg'): string | null => {
    const id = text(raw[field]);
    if (!id) return null;
    if (!ctx.organizations.has(id))
      out.push(v(field, 'organization_unknown', `unknown organization ${id}`, `未知组织 ${id}`));
    return id;
  };
  const shipperOrg = org('shipperOrg');
  const forwarderOrg = org('forwarderOrg');

  const containers: ContainerGroup[] = [];
  let teu = 0;
  let containerCount = 0;
  let reeferBoxes = 0;
  const groups = raw.containers ?? [];
  if (groups.length === 0)
    out.push(
      v(
        'containers',
        'containers_missing',
        'give the container numbers or a count and size-type',
        '请填写箱号，或箱量及箱型',
      ),
    );
  const seen = new Set<string>();
  const before = out.length;
  groups.forEach((g, i) => {
    const at = `containers.${i}`;
    const st = parseSizeType(text(g.sizeType), `${at}.sizeType`);
    if (blank(g.sizeType))
      out.push(
        v(
          `${at}.sizeType`,
          'size_type_missing',
          'the size-type (e.g. 22G1, 45G1) is missing',
          '缺少箱型（如 22G1、45G1）',
        ),
      );
    else if (!st.ok) out.push(st.error);
    const numbers: string[] = [];
    (g.numbers ?? []).forEach((n, j) => {
      const c = parseContainerNumber(n, `${at}.numbers.${j}`);
      if (!c.ok) out.push(c.error);
      else if (seen.has(c.value.number))
        out.push(
          v(
            `${at}.numbers.${j}`,
            'container_duplicate',
            `container ${c.value.number} is listed twice`,
            `箱号 ${c.value.number} 重复`,
          ),
        );
      else {
        seen.add(c.value.number);
        numbers.push(c.value.number);
      }
    });
    let count = (g.numbers ?? []).length;
    if (!blank(g.count)) {
      const n = wholeNumber(g.count as number | string);
      if (n === undefined || n < 1 || n > MAX_CONTAINERS)
        out.push(
          v(
            `${at}.count`,
            'count',
            `container count "${g.count}" must be a whole number from 1 to ${MAX_CONTAINERS}`,
            `箱量“${g.count}”须为 1 至 ${MAX_CONTAINERS} 的整数`,
          ),
        );
      else if (count > 0 && n !== count)
        out.push(
          v(
            `${at}.count`,
            'count_mismatch',
            `container count ${n} but ${count} container numbers given`,
            `箱量为 ${n}，但给出了 ${count} 个箱号`,
          ),
        );
      else count = n;
    } else if (count === 0)
      out.push(
        v(`${at}.count`, 'count_missing', 'give the container numbers or their count', '请填写箱号或箱量'),
      );
    if (st.ok && count > 0) {
      containers.push({ sizeType: st.value.code, count, numbers: numbers.length === count ? numbers : [] });
      teu += count * teuForLength(st.value.lengthFt);
      containerCount += count;
      if (st.value.kind === 'reefer') reeferBoxes += count;
    }
  });
  if (containerCount > MAX_CONTAINERS)
    out.push(
      v(
        'containers',
        'too_many',
        `more than ${MAX_CONTAINERS} containers in one booking`,
        `一个订舱超过 ${MAX_CONTAINERS} 个集装箱`,
      ),
    );

  // the per-box weight check only when the containers themselves are right (no cascading reasons)
  const containersOk = out.length === before && containerCount > 0;
  let grossKg = 0;
  if (blank(raw.grossKg))
    out.push(v('grossKg', 'gross_missing', 'the gross weight (kg) is missing', '缺少毛重（千克）'));
  else {
    const n = wholeNumber(raw.grossKg as number | string);
    if (n === undefined || n <= 0)
      out.push(
        v(
          'grossKg',
          'gross_kg',
          `gross weight "${raw.grossKg}" must be a whole number of kg above 0`,
          `毛重“${raw.grossKg}”须为大于 0 的整数千克`,
        ),
      );
    else if (containersOk && n > containerCount * MAX_KG_PER_CONTAINER)
      out.push(
        v(
          'grossKg',
          'gross_too_heavy',
          `${n} kg is more than ${MAX_KG_PER_CONTAINER} kg per container for ${containerCount} container(s)`,
          `${n} 千克超过 ${containerCount} 个集装箱每箱 ${MAX_KG_PER_CONTAINER} 千克的上限`,
        ),
      );
    else grossKg = n;
  }

  let hsCode = '';
  if (blank(raw.hsCode)) out.push(v('hsCode', 'hs_missing', 'the HS code is missing', '缺少 HS 编码'));
  else {
    const hs = ctx.lookupHs(text(raw.hsCode), 'hsCode');
    if (!hs.ok) out.push(hs.error);
    else hsCode = hs.value.code;
  }

  let dg: BookingFields['dg'] = null;
  if (!blank(raw.dgUn) || !blank(raw.dgClass)) {
    const un = parseUnNumber(text(raw.dgUn), 'dg.un');
    const cl = parseDgClass(text(raw.dgClass), 'dg.class');
    if (blank(raw.dgUn))
      out.push(
        v('dg.un', 'dg_un_missing', 'dangerous goods need a UN number too', '危险货物还须填写联合国编号'),
      );
    else if (!un.ok) out.push(un.error);
    if (blank(raw.dgClass))
      out.push(v('dg.class', 'dg_class_missing', 'dangerous goods need a class too', '危险货物还须填写类别'));
    else if (!cl.ok) out.push(cl.error);
    if (un.ok && cl.ok) dg = { un: un.value, class: cl.value };
  }

  let reeferSetpointC: number | null = null;
  if (!blank(raw.reeferSetpointC)) {
    const t = decimal(raw.reeferSetpointC as number | string);
    if (t === undefined || t < -40 || t > 30)
      out.push(
        v(
          'reeferSetpointC',
          'setpoint',
          `reefer setpoint "${raw.reeferSetpointC}" must be −40 to +30 °C`,
          `冷藏设定温度“${raw.reeferSetpointC}”须在 −40 至 +30 °C 之间`,
        ),
      );
    else if (containerCount > 0 && reeferBoxes === 0)
      out.push(
        v(
          'reeferSetpointC',
          'setpoint_not_reefer',
          'a setpoint needs reefer containers (size-type R…)',
          '设定温度须配冷藏箱（箱型 R…）',
        ),
      );
    else reeferSetpointC = Math.round(t * 10) / 10;
  } else if (reeferBoxes > 0)
    out.push(
      v(
        'reeferSetpointC',
        'setpoint_missing',
        'reefer containers need a setpoint °C',
        '冷藏箱须填写设定温度 °C',
      ),
    );

  const origin = text(raw.origin) || DEFAULT_ORIGIN;
  if (!ctx.origins.has(origin))
    out.push(
      v('origin', 'origin_unknown', `no route starts at ${origin}`, `没有从 ${origin} 始发的线路`, {
        allowed: [...ctx.origins],
      }),
    );

  const destination = text(raw.destination).toUpperCase();
  const eligibleRoutes = [...(ctx.routesByDestination.get(destination) ?? [])].sort();
  if (!destination)
    out.push(v('destination', 'destination_missing', 'the destination city is missing', '缺少目的城市'));
  else if (eligibleRoutes.length === 0)
    out.push(
      v(
        'destination',
        'destination_unknown',
        `no route serves destination ${destination}`,
        `没有线路通达目的地 ${destination}`,
      ),
    );

  const date = (field: 'readyDate' | 'dueDate', en: string, zh: string): string => {
    const d = text(raw[field]);
    if (!d) out.push(v(field, 'date_missing', `the ${en} is missing`, `缺少${zh}`));
    else if (dateMs(d) === undefined)
      out.push(v(field, 'date', `${en} "${d}" is not a date YYYY-MM-DD`, `${zh}“${d}”不是日期 YYYY-MM-DD`));
    else return d;
    return '';
  };
  const readyDate = date('readyDate', 'ready date', '备妥日期');
  const dueDate = date('dueDate', 'due date', '交付期限');
  if (readyDate && dueDate && dueDate < readyDate)
    out.push(
      v(
        'dueDate',
        'due_before_ready',
        `due date ${dueDate} is before the ready date ${readyDate}`,
        `交付期限 ${dueDate} 早于备妥日期 ${readyDate}`,
      ),
    );

  let priority = DEFAULT_PRIORITY;
  if (!blank(raw.priority)) {
    const p = wholeNumber(raw.priority as number | string);
    if (p === undefined || p < 1 || p > 5)
      out.push(
        v(
          'priority',
          'priority',
          `priority "${raw.priority}" must be 1 (low) to 5 (high)`,
          `优先级“${raw.priority}”须为 1（低）至 5（高）`,
        ),
      );
    else priority = p;
  }

  let customsMode: CustomsMode = 'general';
  if (!blank(raw.customsMode)) {
    const m = CUSTOMS_ALIASES[text(raw.customsMode).toLowerCase()];
    if (!m)
      out.push(
        v(
          'customsMode',
          'customs_mode',
          `customs mode "${text(raw.customsMode)}" is not one of ${CUSTOMS_MODES.join(', ')}`,
          `监管方式“${text(raw.customsMode)}”应为 ${CUSTOMS_MODES.join('、')} 之一`,
          { allowed: CUSTOMS_MODES },
        ),
      );
    else customsMode = m;
  }

  let status: 'draft' | 'confirmed' = 'confirmed';
  if (!blank(raw.status)) {
    const s = STATUS_ALIASES[text(raw.status).toLowerCase()];
    if (!s)
      out.push(
        v(
          'status',
          'status',
          `status "${text(raw.status)}" must be draft or confirmed`,
          `状态“${text(raw.status)}”须为 draft（草稿）或 confirmed（已确认）`,
        ),
      );
    else status = s;
  }

  if (out.length > 0) return { ok: false, violations: out };
  return {
    ok: true,
    value: {
      reference,
      shipperOrg,
      forwarderOrg,
      containers,
      teu: Math.ceil(teu),
      containerCount,
      grossKg,
      hsCode,
      dg,
      reeferSetpointC,
      origin,
      destination,
      eligibleRoutes,
      readyDate,
      dueDate,
      priority,
      customsMode,
      status,
    },
  };
}

/** Whether two versions of a booking say the same (status aside): re-import of identical rows is a no-op. */
export function sameBooking(a: BookingFields, b: BookingFields): boolean {
  // explicit key order: jsonb does not keep the order of object keys
  const key = (x: BookingFields) =>
    JSON.stringify([
      x.reference,
      x.shipperOrg,
      x.forwarderOrg,
      x.containers.map((g) => [g.sizeType, g.count, g.numbers]),
      x.grossKg,
      x.hsCode,
      x.dg ? [x.dg.un, x.dg.class] : null,
      x.reeferSetpointC,
      x.origin,
      x.destination,
      x.readyDate,
      x.dueDate,
      x.priority,
      x.customsMode,
    ]);
  return key(a) === key(b);
}
