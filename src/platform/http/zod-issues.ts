/**
 * Turns the validation issues of a request (zod, through fastify-type-provider-zod) into Violations
 * with the field path and a reason in English and Chinese. A schema built from a domain parser puts
 * its own bilingual message and code into the issue's `params` (see src/domain/codes/schemas.ts).
 */
import type { Violation } from '../../domain/result';

export interface ValidationIssueLike {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function zhFor(keyword: string | undefined, params: Record<string, unknown>, en: string): string {
  switch (keyword) {
    case 'invalid_type':
      return params.expected ? `类型错误，应为 ${String(params.expected)}` : '类型错误';
    case 'too_small':
      return params.minimum !== undefined ? `过小或过短，最小为 ${String(params.minimum)}` : '过小或过短';
    case 'too_big':
      return params.maximum !== undefined ? `过大或过长，最大为 ${String(params.maximum)}` : '过大或过长';
    case 'invalid_format':
      return params.format ? `格式错误（${String(params.format)}）` : '格式错误';
    case 'invalid_value':
      return Array.isArray(params.values)
        ? `取值无效，允许：${params.values.map(String).join('、')}`
        : '取值无效';
    case 'unrecognized_keys':
      return Array.isArray(params.keys)
        ? `不允许的字段：${params.keys.map(String).join('、')}`
        : '含有不允许的字段';
    case 'not_multiple_of':
      return '不是允许的倍数';
    default:
      return `输入无效：${en}`;
  }
}

export function violationsFromIssues(
  issues: readonly ValidationIssueLike[],
  context: string | undefined,
): Violation[] {
  return issues.map((issue) => {
    const params = issue.params ?? {};
    // zod custom issues keep their own `params` (our bilingual message, code, details) one level down
    const custom = (params.params && typeof params.params === 'object' ? params.params : {}) as Record<
      string,
      unknown
    >;
    const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
    const prefix = context && context !== 'body' ? (context === 'querystring' ? 'query' : context) : '';
    const field = [prefix, path].filter(Boolean).join('.');
    const en = issue.message ?? 'invalid';
    const zh = typeof custom.zh === 'string' ? custom.zh : zhFor(issue.keyword, params, en);
    const code = typeof custom.code === 'string' ? custom.code : `input.${issue.keyword ?? 'invalid'}`;
    const details =
      custom.details && typeof custom.details === 'object'
        ? (custom.details as Record<string, unknown>)
        : undefined;
    return { field, code, message: { en, zh }, ...(details ? { details } : {}) };
  });
}
