/**
 * One value mapping for both engines, so a repository reads the same JavaScript values from PGlite
 * and from PostgreSQL: int8 → number (refusing values beyond 2^53), timestamptz/timestamp → ISO-8601
 * UTC string, date → 'YYYY-MM-DD', numeric → string (exact).
 */
export const PG_OID = {
  INT8: 20,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
  NUMERIC: 1700,
} as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`int8 value ${text} is outside the safe integer range of JavaScript numbers`);
  }
  return n;
}

const TS =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?$/;

/** Parses PostgreSQL's text output of timestamp/timestamptz (any offset) into an ISO-8601 UTC string. */
export function parseTimestamp(text: string): string {
  if (text === 'infinity' || text === '-infinity') return text;
  const m = TS.exec(text);
  if (!m) throw new RangeError(`unrecognised timestamp text: ${text}`);
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let epoch = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (sign) {
    const offset = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000;
    epoch += sign === '+' ? -offset : offset;
  }
  return new Date(epoch).toISOString();
}

export const identity = (text: string): string => text;

/** Parsers keyed by type OID, in the shape both PGlite (`parsers`) and pg (`getTypeParser`) accept. */
export const TYPE_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_OID.INT8]: parseInt8,
  [PG_OID.DATE]: identity,
  [PG_OID.TIMESTAMP]: parseTimestamp,
  [PG_OID.TIMESTAMPTZ]: parseTimestamp,
  [PG_OID.NUMERIC]: identity,
};
