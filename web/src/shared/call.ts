// Calls that keep the whole RFC 9457 problem+json answer — `errors[].field` with a reason per field —
// so a form shows each refusal at its field, in the language the page is in (Accept-Language). The
// shared client (api.ts) keeps only the detail; forms use these. A 401 goes through the shared client
// once more, so the sign-in form reopens.

import { api } from './api';

/** A refused call: status, the server's detail and the reason per field (problem+json errors[]). */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fields: ReadonlyArray<{
      readonly field: string;
      readonly code: string;
      readonly message: string;
    }>,
  ) {
    super(detail);
    this.name = 'Refusal';
  }

  /**
   * The reason given for `field`: the field itself, one under it (lines.0.quantity under lines.0) or
   * the same name inside a request part (body.hysteresisC for hysteresisC).
   */
  at(field: string): string | undefined {
    return this.fields.find(
      (f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.endsWith(`.${field}`),
    )?.message;
  }
}

export interface CallInit {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body. */
  readonly body?: unknown;
  /** A file body (CSV, XLSX …) sent as it is, with `contentType`. */
  readonly raw?: Blob;
  readonly contentType?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

/** The response of a call that succeeded; any other answer throws a Refusal. */
export async function send(path: string, locale: string, init: CallInit = {}): Promise<Response> {
  const headers: Record<string, string> = {
    accept: init.accept ?? 'application/json',
    'accept-language': locale,
  };
  const token = api.tokens.get();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (init.raw) {
    body = init.raw;
    headers['content-type'] = init.contentType ?? 'application/octet-stream';
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(`${api.baseUrl}${path}`, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Refusal(0, e instanceof Error ? e.message : String(e), []);
  }
  if (res.status === 401 && token) await api.me().catch(() => undefined);
  if (!res.ok) {
    let detail = res.statusText;
    let fields: Refusal['fields'] = [];
    try {
      const p = (await res.json()) as { detail?: string; title?: string; errors?: Refusal['fields'] };
      detail = p.detail ?? p.title ?? detail;
      fields = p.errors ?? [];
    } catch {
      // not JSON: the status text stands
    }
    throw new Refusal(res.status, detail, fields);
  }
  return res;
}

/** A JSON call: its status and its decoded body. */
export async function call<T>(
  path: string,
  locale: string,
  init: CallInit = {},
): Promise<{ status: number; body: T }> {
  const res = await send(path, locale, init);
  return { status: res.status, body: (await res.json()) as T };
}
