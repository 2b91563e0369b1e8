/**
 * The provenance rule of data/network/, checked generically over any JSON value: every number must
 * sit in an object (its nearest enclosing object; arrays are transparent) that carries a `source`
 * or `estimated: true` with a `reason`. Every `source` must name a known source id. A new
 * unsourced number anywhere in any file therefore fails the check without code changes.
 */
import type { NetworkViolation } from './types';

type Json = unknown;

function isRecord(v: Json): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasProvenance(o: Record<string, unknown>): boolean {
  const source = o.source;
  if (typeof source === 'string' && source.trim() !== '') return true;
  const reason = o.reason;
  return o.estimated === true && typeof reason === 'string' && reason.trim() !== '';
}

/**
 * Walk `json` (the content of `file`) and report every number without provenance, and every
 * `source` that is not among `knownSources` (when given).
 */
export function checkFigureProvenance(
  file: string,
  json: Json,
  knownSources?: ReadonlySet<string>,
): NetworkViolation[] {
  const out: NetworkViolation[] = [];
  const walk = (v: Json, path: string[], owner: Record<string, unknown> | null): void => {
    if (typeof v === 'number') {
      if (owner === null || !hasProvenance(owner)) {
        const field = path.join('.');
        out.push({
          file,
          field,
          code: 'network.figure_unsourced',
          message: {
            en: `${file}: ${field}: the figure ${v} has neither a source nor "estimated": true with a reason`,
            zh: `${file}：字段 ${field} 的数值 ${v} 既无来源（source）也未标注为估计值（estimated + reason）`,
          },
        });
      }
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        walk(item, [...path, String(i)], owner);
      });
      return;
    }
    if (isRecord(v)) {
      if (knownSources && typeof v.source === 'string' && !knownSources.has(v.source)) {
        const field = [...path, 'source'].join('.');
        out.push({
          file,
          field,
          code: 'network.source_unknown',
          message: {
            en: `${file}: ${field}: source "${v.source}" is not listed in sources.json`,
            zh: `${file}：字段 ${field} 的来源 "${v.source}" 未在 sources.json 中登记`,
          },
        });
      }
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k], v);
    }
  };
  walk(json, [], null);
  return out;
}
