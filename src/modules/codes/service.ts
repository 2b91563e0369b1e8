// Use cases of the codes capability, called by the HTTP routes and the CLI: check a container number,
// a size-type, a country, a UN/LOCODE; look up an HS code in the shipped table. Synchronous: the only
// I/O is the first read of the HS table (call `warmHsTable()` at start to take it off the first request).
import {
  type ContainerNumber,
  type Country,
  type HsLookup,
  parseContainerNumber,
  parseCountry,
  parseSizeType,
  parseUnlocode,
  type SizeType,
  type Unlocode,
} from '../../domain/codes/index';
import type { Result } from '../../domain/result';
import { hsTable } from './hs-table';

/** `CSQU3054383` → its parts; a wrong digit fails with `iso6346.check_digit` and `details.expected`. */
export function checkContainer(input: string, field = 'number'): Result<ContainerNumber> {
  return parseContainerNumber(input, field);
}

/** `45G1` → length, height, kind, TEU, names. */
export function checkSizeType(input: string, field = 'code'): Result<SizeType> {
  return parseSizeType(input, field);
}

/** An HS code of 2/4/6 digits (`2002.10`) → description, level, chapter, heading, section, parents. */
export function lookupHs(input: string, field = 'code'): Result<HsLookup> {
  return hsTable().lookup(input, field);
}

/** `DE DUI` → `{ code: 'DEDUI', country: 'DE', location: 'DUI' }`. */
export function checkUnlocode(input: string, field = 'code'): Result<Unlocode> {
  return parseUnlocode(input, field);
}

/** `KZ` or `KAZ` → codes and names in zh, en, ru, kk. */
export function checkCountry(input: string, field = 'code'): Result<Country> {
  return parseCountry(input, field);
}

/** Reads the HS table now (at server start) instead of on the first lookup. Returns its size. */
export function warmHsTable(): number {
  return hsTable().size;
}
