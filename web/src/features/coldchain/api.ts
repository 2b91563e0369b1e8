// The cold chain's calls and answer shapes (src/modules/coldchain/routes.ts). Calls carry the page's
// language (Accept-Language) so a refusal's detail and field reasons come back in it.

import { send } from '../../shared/call';

export { Refusal } from '../../shared/call';

export type Severity = 'minor' | 'major' | 'critical';
export type AlarmStatus = 'open' | 'acknowledged' | 'cleared';
/** excursion: out of band past the tolerance; silent: the box's devices stopped reporting. */
export type AlarmKind = 'excursion' | 'silent';

export interface Profile {
  readonly id: string;
  readonly nameEn: string;
  readonly nameZh: string;
  readonly minC: number;
  readonly maxC: number;
  readonly toleranceMinutes: number;
  readonly hysteresisC: number;
  readonly clearMinutes: number;
  /** Device-silent gap limit (minutes); null: the platform default. */
  readonly silentMinutes: number | null;
  readonly source: string;
  readonly estimate: boolean;
  /** Each edit makes a new version; a journey keeps the one it was assigned with. */
  readonly version: number;
  readonly builtin: boolean;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export type ProfileInput = Omit<Profile, 'id' | 'builtin' | 'updatedAt' | 'updatedBy' | 'version'>;

export interface Reefer {
  readonly id: string;
  readonly equipment: string;
  readonly organizationId: string;
  readonly profileId: string;
  readonly profileVersion: number;
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
  readonly kind: AlarmKind;
  readonly status: AlarmStatus;
  readonly severity: Severity;
  /** null for a silent alarm. */
  readonly direction: 'high' | 'low' | null;
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
