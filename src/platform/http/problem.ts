/**
 * RFC 9457 problem details. Every error leaves the API as `application/problem+json` with a human
 * `detail` in the caller's language (Accept-Language zh → Chinese, else English) and, for invalid
 * input, `errors[]` naming each field and its reason. Never a stack trace.
 */

import type { Violation } from '../../domain/result';
import type { Bilingual, Locale } from '../../domain/text';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: Array<{ field: string; code: string; message: string; details?: Record<string, unknown> }>;
}

const TITLES: Record<number, Bilingual> = {
  400: { en: 'Invalid input', zh: '输入无效' },
  401: { en: 'Sign-in required', zh: '需要登录' },
  403: { en: 'Not allowed', zh: '无权访问' },
  404: { en: 'Not found', zh: '未找到' },
  405: { en: 'Method not allowed', zh: '不支持的方法' },
  409: { en: 'Conflict', zh: '冲突' },
  413: { en: 'Payload too large', zh: '请求体过大' },
  415: { en: 'Unsupported media type', zh: '不支持的媒体类型' },
  422: { en: 'Unprocessable request', zh: '无法处理的请求' },
  429: { en: 'Too many requests', zh: '请求过多' },
  500: { en: 'Internal error', zh: '内部错误' },
  503: { en: 'Service unavailable', zh: '服务不可用' },
};

export function title(status: number, locale: Locale): string {
  return (TITLES[status] ?? TITLES[status >= 500 ? 500 : 400]!)[locale];
}

/** An error a route throws on purpose; the error handler turns it into problem+json. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detailText: Bilingual,
    readonly violations: readonly Violation[] = [],
    readonly code = `http.${status}`,
  ) {
    super(detailText.en);
    this.name = 'Problem';
  }

  static invalid(violation: Violation): Problem {
    return new Problem(400, violation.message, [violation], violation.code);
  }

  static notFound(what: Bilingual): Problem {
    return new Problem(404, what, [], 'http.not_found');
  }
}

export function localeOf(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh' : 'en';
}

export function problemBody(
  status: number,
  detail: Bilingual,
  locale: Locale,
  violations: readonly Violation[] = [],
  code = `http.${status}`,
): ProblemBody {
  const body: ProblemBody = {
    type: `https://lugang.dev/problems/${code.replace(/[^a-z0-9._-]/gi, '-')}`,
    title: title(status, locale),
    status,
    detail: detail[locale],
  };
  if (violations.length > 0) {
    body.errors = violations.map((v) => ({
      field: v.field,
      code: v.code,
      message: v.message[locale],
      ...(v.details ? { details: { ...v.details } } : {}),
    }));
  }
  return body;
}
