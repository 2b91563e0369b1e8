// zod 4 schemas for the codes, built on the parsers so validation has one source of truth. Each schema
// takes a string, rejects a bad one with a custom issue whose message is the parser's English reason
// (params carry the machine code, the Chinese reason and details), and outputs the canonical form.
// No transforms: `.overwrite()` keeps the schemas representable in JSON Schema / OpenAPI.
import { z } from 'zod';
import type { Result } from '../result';
import { parseCountry } from './country';
import { parseDgClass, parseUnNumber } from './dangerous-goods';
import { parseHsCodeSyntax } from './hs';
import { parseContainerNumber } from './iso6346';
import { parseEsrCode, parseTelegraphCode } from './railway';
import { parseSizeType } from './size-type';
import { parseUnlocode } from './unlocode';

/** What a code schema puts in `issue.params` next to the English message. */
export interface CodeIssueParams {
  readonly code: string;
  readonly zh: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

function codeSchema<T>(
  parse: (input: string) => Result<T>,
  canonical: (value: T) => string,
  meta: { description: string; examples: string[] },
) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const r = parse(value);
      if (r.ok) return;
      const params: CodeIssueParams = {
        code: r.error.code,
        zh: r.error.message.zh,
        ...(r.error.details ? { details: r.error.details } : {}),
      };
      ctx.addIssue({ code: 'custom', message: r.error.message.en, params });
    })
    .overwrite((value) => {
      const r = parse(value);
      return r.ok ? canonical(r.value) : value;
    })
    .meta(meta);
}

/** ISO 6346 container number; outputs `CSQU3054383` from `csqu 305438-3`. */
export const containerNumberSchema = codeSchema(parseContainerNumber, (c) => c.number, {
  description: 'ISO 6346 container number: owner code, category U/J/Z, 6-digit serial, check digit',
  examples: ['CSQU3054383'],
});

/** ISO 6346 (1995) size-type code; outputs upper case (`45G1`). */
export const sizeTypeSchema = codeSchema(parseSizeType, (s) => s.code, {
  description: 'ISO 6346 size-type code (length, height, type group, detail), e.g. 22G1, 45R1, L5G1',
  examples: ['22G1', '45G1', 'L5G1'],
});

/** ISO 3166-1 alpha-2 or alpha-3 code; outputs alpha-2 (`KAZ` → `KZ`). */
export const countryCodeSchema = codeSchema(parseCountry, (c) => c.alpha2, {
  description: 'ISO 3166-1 country code, alpha-2 or alpha-3 (normalized to alpha-2)',
  examples: ['KZ', 'CN', 'DE'],
});

/** UN/LOCODE; outputs 5 characters without the space (`DE DUI` → `DEDUI`). */
export const unlocodeSchema = codeSchema(parseUnlocode, (u) => u.code, {
  description: 'UN/LOCODE: ISO 3166-1 alpha-2 country + 3 characters of A–Z, 2–9',
  examples: ['CNURM', 'DEDUI'],
});

/** HS code syntax only (2, 4 or 6 digits); outputs the digits (`2002.10` → `200210`). */
export const hsCodeSyntaxSchema = codeSchema(parseHsCodeSyntax, (d) => d, {
  description: 'Harmonized System code of 2, 4 or 6 digits; dots and spaces allowed',
  examples: ['2002', '2002.10', '84'],
});

/** UN number; outputs the 4 digits (`UN1263` → `1263`). */
export const unNumberSchema = codeSchema(parseUnNumber, (u) => u, {
  description: 'UN number of a dangerous good, 4 digits, with or without the UN prefix',
  examples: ['1263', 'UN1203'],
});

/** Dangerous goods class or division (RID/ADR/SMGS). */
export const dgClassSchema = codeSchema(parseDgClass, (c) => c, {
  description:
    'Dangerous goods class or division: 1, 1.1–1.6, 2, 2.1–2.3, 3, 4.1–4.3, 5.1, 5.2, 6.1, 6.2, 7, 8, 9',
  examples: ['3', '2.1', '8'],
});

/** China Railway telegraph code (3 letters); outputs upper case. */
export const telegraphCodeSchema = codeSchema(parseTelegraphCode, (c) => c, {
  description: 'China Railway station telegraph code, 3 letters',
  examples: ['AKR', 'HFR'],
});

/** ESR station code of the 1520 network (6 digits with check digit). */
export const esrCodeSchema = codeSchema(parseEsrCode, (c) => c, {
  description: 'ESR (ЕСР) station code of the 1520 mm network: 6 digits, the last a check digit',
  examples: ['708507'],
});
