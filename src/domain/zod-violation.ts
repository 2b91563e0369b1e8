/**
 * Turns a zod 4 issue of a document (a planning instance, a scenario …) into one Violation: the
 * dotted field path, a stable machine code under the document's prefix (`load-plan.too_small`) and
 * the reason in English and Chinese, each starting with the field it names.
 */
import type { z } from 'zod';
import type { Violation } from './result';

const TYPE_ZH: Readonly<Record<string, string>> = {
  number: '数字',
  int: '整数',
  string: '字符串',
  array: '数组',
  object: '对象',
  boolean: '布尔值',
  null: 'null',
};

function received(message: string): string {
  const m = /received (\w+)/.exec(message);
  return m?.[1] ?? 'something else';
}

/** A Violation under `prefix` whose message starts with the field it names (the document itself when empty). */
export function prefixedViolation(
  prefix: string,
  field: string,
  code: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
): Violation {
  const where = field === '' ? 'document' : field;
  const whereZh = field === '' ? '文档' : field;
  return {
    field,
    code: `${prefix}.${code}`,
    message: { en: `${where}: ${en}`, zh: `${whereZh}：${zh}` },
    ...(details ? { details } : {}),
  };
}

/** `prefix` names the document kind in the machine code, e.g. `consolidation.invalid_type`. */
export function zodIssueToViolation(issue: z.core.$ZodIssue, prefix: string): Violation {
  const field = issue.path.map(String).join('.');
  const v = (code: string, en: string, zh: string, details?: Record<string, unknown>): Violation =>
    prefixedViolation(prefix, field, code, en, zh, details);
  switch (issue.code) {
    case 'invalid_type': {
      const got = received(issue.message);
      if (got === 'undefined') return v('required', 'is required but missing', '为必填字段，但缺失');
      const exp = issue.expected;
      return v(
        'invalid_type',
        `must be ${exp === 'int' ? 'an integer' : /^[aeiou]/.test(exp) ? `an ${exp}` : `a ${exp}`}, got ${got}`,
        `必须是${TYPE_ZH[exp] ?? exp}，实际为 ${got}`,
        { expected: exp },
      );
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') {
        return v('too_small', `must have at least ${min} item(s)`, `至少需要 ${min} 项`, { minimum: min });
      }
      if (issue.origin === 'string') return v('too_small', 'must not be empty', '不能为空', { minimum: min });
      return v('too_small', `must be ≥ ${min}`, `必须 ≥ ${min}`, { minimum: min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') {
        return v('too_big', `must have at most ${max} item(s)`, `最多 ${max} 项`, { maximum: max });
      }
      if (issue.origin === 'string') {
        return v('too_big', `must be at most ${max} characters`, `最多 ${max} 个字符`, { maximum: max });
      }
      return v('too_big', `must be ≤ ${max}`, `必须 ≤ ${max}`, { maximum: max });
    }
    case 'invalid_value': {
      const allowed = issue.values.map((x) => JSON.stringify(x)).join(', ');
      return issue.values.length === 1
        ? v('invalid_value', `must be ${allowed}`, `必须是 ${allowed}`, { allowed: issue.values })
        : v('invalid_value', `must be one of ${allowed}`, `必须是以下之一：${allowed}`, {
            allowed: issue.values,
          });
    }
    case 'invalid_format':
      return v('invalid_format', `has the wrong format (${issue.format})`, `格式不正确（${issue.format}）`);
    case 'unrecognized_keys': {
      const keys = issue.keys.join(', ');
      return v('unknown_field', `unknown field(s): ${keys}`, `未知字段：${keys}`, { keys: issue.keys });
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { zh?: string; code?: string };
      return v(params.code ?? 'invalid', issue.message, params.zh ?? issue.message);
    }
    default:
      return v('invalid', issue.message, `无效：${issue.message}`);
  }
}
