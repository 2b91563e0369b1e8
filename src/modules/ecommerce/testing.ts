/** Test support: a consistent set of records for one order (the three match), and a valid resident ID. */
import type { InventoryRecord, LogisticsRecord, Mode, OrderRecord, PaymentRecord } from './records';
import { residentIdCheck } from './rules';

/** A resident ID (GB 11643) with a correct check character, from 17 digits. */
export function residentId(first17: string): string {
  return first17 + residentIdCheck(`${first17}0`)!;
}

export const BUYER_ID = residentId('65010219900101123');

export interface RecordsOf {
  order: OrderRecord & { kind: 'order' };
  payment: PaymentRecord & { kind: 'payment' };
  logistics: LogisticsRecord & { kind: 'logistics' };
  inventory: InventoryRecord & { kind: 'inventory' };
}

/** Records of one order worth `goodsMinor` + `freightMinor` that all agree with each other. */
export function matchingRecords(
  orderNo: string,
  opts: {
    mode?: Mode;
    goodsMinor?: number;
    freightMinor?: number;
    buyerId?: string;
    buyerName?: string;
    orderTime?: string;
  } = {},
): RecordsOf {
  const goods = opts.goodsMinor ?? 1_000_00;
  const freight = opts.freightMinor ?? 20_00;
  const buyerId = opts.buyerId ?? BUYER_ID;
  const buyerName = opts.buyerName ?? '张三';
  const common = { orderNo, ebpCode: '6501980001' };
  return {
    order: {
      kind: 'order',
      ...common,
      mode: opts.mode ?? '1210',
      ebcCode: '6501960002',
      orderTime: opts.orderTime ?? '2026-11-20T10:00:00+08:00',
      buyerIdType: '1',
      buyerIdNumber: buyerId,
      buyerName,
      consignee: buyerName,
      consigneeAddress: '新疆乌鲁木齐市米东区 陆港大道 1 号',
      goodsValueMinor: goods,
      freightMinor: freight,
      discountMinor: 0,
      taxTotalMinor: 0,
      actualPaidMinor: goods + freight,
      items: [
        { itemNo: 1, name: '奶粉 Milk powder', hsCode: '0402', qty: 1, priceMinor: goods, totalMinor: goods },
      ],
    },
    payment: {
      kind: 'payment',
      ...common,
      payCode: '3101960003',
      payTransactionId: `PAY${orderNo}`,
      payerIdType: '1',
      payerIdNumber: buyerId,
      payerName: buyerName,
      amountPaidMinor: goods + freight,
      payTime: '2026-11-20T10:01:00+08:00',
    },
    logistics: {
      kind: 'logistics',
      ...common,
      logisticsCode: '6501980004',
      logisticsNo: `WB${orderNo}`,
      consignee: buyerName,
      consigneeAddress: '新疆乌鲁木齐市米东区 陆港大道 1 号',
      freightMinor: freight,
    },
    inventory: {
      kind: 'inventory',
      ...common,
      ebcCode: '6501960002',
      logisticsNo: `WB${orderNo}`,
      buyerIdNumber: buyerId,
      buyerName,
      totalValueMinor: goods,
    },
  };
}
