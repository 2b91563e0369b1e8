// The cold chain's calls and answer shapes (src/modules/coldchain/routes.ts). Calls carry the page's
// language (Accept-Language) so a refusal's detail and field reasons come back in it.

import { api } from '../../shared/api';

export type Severity = 'minor' | 'major' | 'critical';
export type AlarmStatus = 'open' | 'acknowledged' | 'cleared';

export interface Profile {
  readonly id: string;
  readonly nameEn: string;
  readonly nameZh: string;
  readonly minC: number;
  readonly maxC: number;
  readonly toleranceMinutes: number;
  readonly hysteresisC: number;
  readonly clearMinutes: number;
  readonly source: string;
  readonly estimate: boolean;
  readonly builtin: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export type ProfileInput = Omit<Profile, 'id' | 'builtin' | 'updatedAt' | 'updatedBy'>;

export interface Reefer {
  readonly id: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  readonly journey: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly createdBy: string;
  readonly profile: Profile | null;
  readonly latest: { readonly time: string; readonly temperatureC: number } | null;
  readonly activeAlarms: number;
  readonly worstSeverity: Severity | null;
}

export interface Alarm {
  readonly id: string;
  readonly assignmentId: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  readonly status: AlarmStatus;
  readonly severity: Severity;
  readonly direction: 'high' | 'low';
  readonly startedAt: string;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
  readonly minC: number;
  readonly maxC: number;
  readonly maxDeviationC: number;
  readonly outMinutes: number;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

/** What the live feed carries on 'coldchain.alarm'. */
export type AlarmNotice = Alarm & {
  readonly change: 'raised' | 'escalated' | 'updated' | 'acknowledged' | 'cleared' | 'withdrawn';
};

export interface Point {
  readonly time: string;
  readonly temperatureC: number;
}

/** A refusal with the server's detail and reasons per field (problem+json). */
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
  at(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.endsWith(`.${field}`))?.message;
  }
}

async function send(
  path: string,
  locale: string,
  init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; accept?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    accept: init.accept ?? 'application/json',
    'accept-language': locale,
  };
  const token = api.tokens.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${api.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new Refusal(0, e instanceof Error ? e.message : String(e), []);
  }
  // a 401 goes through the shared client once more, so the sign-in form reopens
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

const json = async <T>(path: string, locale: string, init: Parameters<typeof send>[2] = {}) =>
  (await (await send(path, locale, init)).json()) as T;

const enc = encodeURIComponent;

export const coldchainApi = {
  profiles: (locale: string, signal?: AbortSignal) =>
    json<Profile[]>('/api/v1/coldchain/profiles', locale, { signal }),
  saveProfile: (locale: string, id: string, input: ProfileInput, isNew: boolean) =>
    isNew
      ? json<Profile>('/api/v1/coldchain/profiles', locale, { body: { id, ...input } })
      : json<Profile>(`/api/v1/coldchain/profiles/${enc(id)}`, locale, { method: 'PUT', body: input }),
  reefers: (locale: string, signal?: AbortSignal) =>
    json<Reefer[]>('/api/v1/coldchain/reefers', locale, { signal }),
  assign: (
    locale: string,
    body: { equipment: string; profileId: string; journey: string; organizationId?: string },
  ) => json<Reefer>('/api/v1/coldchain/reefers', locale, { body }),
  endJourney: (locale: string, id: string) =>
    json<Reefer>(`/api/v1/coldchain/reefers/${enc(id)}/end`, locale, { body: {} }),
  temperatures: (locale: string, id: string, since: string, signal?: AbortSignal) =>
    json<{ points: Point[] }>(
      `/api/v1/coldchain/reefers/${enc(id)}/temperatures?since=${enc(since)}&limit=300`,
      locale,
      { signal },
    ).then((r) => r.points),
  alarms: (locale: string, signal?: AbortSignal) =>
    json<Alarm[]>('/api/v1/coldchain/alarms?limit=100', locale, { signal }),
  acknowledge: (locale: string, id: string) =>
    json<Alarm>(`/api/v1/coldchain/alarms/${enc(id)}/acknowledge`, locale, { method: 'POST' }),
  /** The compliance report file (CSV or PDF) as a Blob, with the server's file name. */
  async report(locale: string, id: string, format: 'csv' | 'pdf'): Promise<{ blob: Blob; name: string }> {
    const res = await send(`/api/v1/coldchain/reefers/${enc(id)}/report?format=${format}`, locale, {
      accept: format === 'pdf' ? 'application/pdf' : 'text/csv',
    });
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `coldchain-report.${format}`;
    return { blob: await res.blob(), name };
  },
};
