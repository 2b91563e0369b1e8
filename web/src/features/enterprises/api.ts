// The enterprises' calls and answer shapes (src/modules/enterprise/routes.ts). Refusals keep the
// problem+json errors[] so the register form shows each reason at its field.

import { call } from '../../shared/call';

export type Zone = 'assembly-center' | 'bonded-zone' | 'warehousing-trading';
export const ZONES: readonly Zone[] = ['assembly-center', 'bonded-zone', 'warehousing-trading'];
export type EnterpriseStatus = 'active' | 'suspended' | 'closed';

export interface Enterprise {
  readonly id: string;
  readonly creditCode: string;
  readonly organizationId: string;
  readonly names: { readonly zh: string; readonly en: string };
  readonly zone: Zone;
  readonly zoneNames: { readonly en: string; readonly zh: string };
  readonly sector: string;
  readonly investmentMinor: number;
  readonly currency: 'CNY';
  readonly status: EnterpriseStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EnterpriseProfile {
  readonly enterprise: Enterprise;
  readonly users: ReadonlyArray<{
    readonly username: string;
    readonly displayName: string;
    readonly roles: readonly string[];
    readonly createdAt: string;
  }>;
  readonly bookings: number;
  readonly books: ReadonlyArray<{
    readonly id: string;
    readonly bookNo: string;
    readonly name: string;
    readonly movements: number;
    readonly items: number;
  }>;
}

export interface EnterpriseImportReport {
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly errors: ReadonlyArray<{
    readonly row: number;
    readonly column: string;
    readonly code: string;
    readonly message: { readonly en: string; readonly zh: string };
  }>;
}

export interface EnterpriseQuery {
  readonly q?: string;
  readonly zone?: Zone | '';
  readonly sector?: string;
}

export interface NewEnterprise {
  readonly creditCode: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly zone: string;
  readonly sector: string;
  readonly investmentMinor: number;
}

const qs = (q: EnterpriseQuery) => {
  const p = new URLSearchParams();
  if (q.q?.trim()) p.set('q', q.q.trim());
  if (q.zone) p.set('zone', q.zone);
  if (q.sector) p.set('sector', q.sector);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const enterprisesApi = {
  list: (query: EnterpriseQuery, locale: string, signal?: AbortSignal) =>
    call<{ items: Enterprise[]; sectors: string[] }>(`/api/v1/enterprises${qs(query)}`, locale, {
      signal,
    }).then((r) => r.body),
  profile: (id: string, locale: string, signal?: AbortSignal) =>
    call<EnterpriseProfile>(`/api/v1/enterprises/${encodeURIComponent(id)}/profile`, locale, { signal }).then(
      (r) => r.body,
    ),
  import: (file: Blob, contentType: string, locale: string) =>
    call<EnterpriseImportReport>('/api/v1/enterprises/import', locale, { raw: file, contentType }).then(
      (r) => r.body,
    ),
  create: (body: NewEnterprise, locale: string) =>
    call<Enterprise>('/api/v1/enterprises', locale, { body }).then((r) => r.body),
};
