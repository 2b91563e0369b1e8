// The e-commerce and customs calls and answer shapes (src/modules/ecommerce/routes.ts,
// src/modules/customs/routes.ts). Errors come back as shared/call.ts's Refusal (problem+json with
// errors[] in the page's language).

import { call } from '../../shared/call';

export type Bi = { readonly en: string; readonly zh: string };
export type OrderStatus = 'incomplete' | 'rejected' | 'cleared' | 'cancelled' | 'returned';
export type RecordKind = 'order' | 'payment' | 'logistics' | 'inventory';

export interface Rejection {
  readonly rule: string;
  readonly message: Bi;
  readonly mismatches?: ReadonlyArray<{
    readonly field: string;
    readonly against: string;
    readonly message: Bi;
  }>;
  readonly remainingMinor?: number;
  readonly limitMinor?: number;
  readonly usedMinor?: number;
  readonly amountMinor?: number;
  readonly year?: number;
}

export interface Order {
  readonly id: string;
  readonly ebpCode: string;
  readonly orderNo: string;
  readonly mode: string | null;
  readonly modeNames: Bi | null;
  readonly direction: 'import' | 'export' | null;
  readonly status: OrderStatus;
  readonly missing: readonly RecordKind[];
  readonly rule: string | null;
  readonly rejection: Rejection | null;
  readonly buyer: string | null;
  readonly year: number | null;
  readonly amountMinor: number | null;
  readonly records: ReadonlyArray<{
    readonly kind: RecordKind;
    readonly version: number;
    readonly receivedAt: string;
  }>;
}

export interface Quota {
  readonly buyer: string;
  readonly buyerName: string;
  readonly year: number;
  readonly perOrderMinor: number;
  readonly limitMinor: number;
  readonly usedMinor: number;
  readonly ledgerMinor: number;
  readonly remainingMinor: number;
  readonly orders: number;
}

export type ClearanceState = 'submitted' | 'scan' | 'inspection' | 'released' | 'rejected' | 'review';
export type Decision = 'scan' | 'inspect' | 'release' | 'reject';

export interface Declaration {
  readonly id: string;
  readonly declarationNo: string;
  readonly organizationId: string;
  readonly type: 'import' | 'export' | 'transit';
  readonly tradeMode: string;
  readonly port: string;
  readonly totalValueMinor: number;
  readonly containers: readonly string[];
  readonly bookingIds: readonly string[];
  readonly lists: ReadonlyArray<{ readonly listNo: string; readonly deductionStatus: number | null }>;
  readonly status: ClearanceState;
  readonly statusAt: string;
  readonly events: ReadonlyArray<{
    readonly code: string;
    readonly container: string | null;
    readonly eventTime: string;
  }>;
}

export const ecommerceApi = {
  async orders(locale: string, status: OrderStatus | null, signal?: AbortSignal): Promise<readonly Order[]> {
    const q = status ? `?status=${status}` : '';
    return (await call<{ items: Order[] }>(`/api/v1/ecommerce/orders${q}`, locale, signal ? { signal } : {}))
      .body.items;
  },
  async quotas(
    locale: string,
    signal?: AbortSignal,
  ): Promise<{ limits: { perOrderMinor: number; annualMinor: number }; items: readonly Quota[] }> {
    return (
      await call<{ limits: { perOrderMinor: number; annualMinor: number }; items: Quota[] }>(
        '/api/v1/ecommerce/quota',
        locale,
        signal ? { signal } : {},
      )
    ).body;
  },
  async declarations(locale: string, signal?: AbortSignal): Promise<readonly Declaration[]> {
    return (
      await call<{ items: Declaration[] }>('/api/v1/customs/declarations', locale, signal ? { signal } : {})
    ).body.items;
  },
  async decide(locale: string, id: string, decision: Decision): Promise<Declaration> {
    return (
      await call<Declaration>(`/api/v1/customs/declarations/${id}/decisions`, locale, {
        method: 'POST',
        body: { decision },
      })
    ).body;
  },
};
