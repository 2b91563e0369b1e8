import { describe, expect, it } from 'vitest';
import { type BookingTenancy, TrainTenants } from './train-tenants';
import { visiblePart } from './visibility';

function fakeBookings(byDeparture: Map<string, BookingTenancy[]>) {
  const calls: string[] = [];
  return {
    calls,
    list: async (_p: unknown, filter: { departureId: string }, page: { limit: number; offset: number }) => {
      calls.push(filter.departureId);
      const all = byDeparture.get(filter.departureId) ?? [];
      return { items: all.slice(page.offset, page.offset + page.limit), total: all.length };
    },
  };
}

const booking = (organizationId: string, shipperOrg: string | null = null): BookingTenancy => ({
  organizationId,
  shipperOrg,
  forwarderOrg: null,
});

describe('train tenants', () => {
  it('names the owners, shippers and forwarders of the bookings on the train; cached until invalidated or stale', async () => {
    const data = new Map([['URM-DUI-20261201', [booking('fwd-a', 'ship-b'), booking('fwd-c')]]]);
    const bookings = fakeBookings(data);
    let now = 0;
    const tenants = new TrainTenants(bookings, { ttlMs: 1000, now: () => now });
    expect([...(await tenants.tenantsOf('URM-DUI-20261201'))].sort()).toEqual(['fwd-a', 'fwd-c', 'ship-b']);
    for (let i = 0; i < 10; i++) await tenants.tenantsOf('URM-DUI-20261201');
    expect(bookings.calls).toHaveLength(1);

    data.set('URM-DUI-20261201', [booking('fwd-a')]);
    tenants.invalidate();
    expect([...(await tenants.tenantsOf('URM-DUI-20261201'))]).toEqual(['fwd-a']);
    expect(bookings.calls).toHaveLength(2);
    now += 1001;
    await tenants.tenantsOf('URM-DUI-20261201');
    expect(bookings.calls).toHaveLength(3);
    expect((await tenants.tenantsOf('XXX-YYY-20261201')).size).toBe(0);
  });

  it('lets the train’s tenants see its position; nobody else; other topics untouched', async () => {
    const tenants = new TrainTenants(fakeBookings(new Map([['T-20261201', [booking('fwd-a')]]])));
    const position = { trainReference: 'T-20261201', organizationId: 'port-operator', lat: 1 };
    const audience = await tenants.audience('tracking.train', position);
    expect(visiblePart(position, { all: false, organizationId: 'fwd-a' }, audience)).toEqual(position);
    expect(visiblePart(position, { all: false, organizationId: 'fwd-x' }, audience)).toBeUndefined();
    expect(visiblePart(position, { all: true, organizationId: 'port-operator' }, audience)).toEqual(position);
    // a box's event naming the train stays its device's tenant's
    expect(await tenants.audience('tracking.events', [position])).toBeUndefined();
  });

  it('a failed read hides the train from tenants and is not remembered', async () => {
    let fail = true;
    const tenants = new TrainTenants({
      list: async () => {
        if (fail) throw new Error('db down');
        return { items: [booking('fwd-a')], total: 1 };
      },
    });
    const audience = await tenants.audience('tracking.train', { trainReference: 'T-1' });
    expect(audience?.({ trainReference: 'T-1' })?.size).toBe(0);
    fail = false;
    expect([...(await tenants.tenantsOf('T-1'))]).toEqual(['fwd-a']);
  });

  it('filters positions: own trains and the trains carrying the tenant’s bookings', async () => {
    const tenants = new TrainTenants(
      fakeBookings(
        new Map([
          ['B-20261201', [booking('fwd-a')]],
          ['C-20261201', [booking('fwd-z')]],
        ]),
      ),
    );
    const p = (trainReference: string) => ({ trainReference });
    const all = [p('A-20261201'), p('B-20261201'), p('C-20261201')];
    expect(await tenants.visiblePositions('fwd-a', all, [p('A-20261201')])).toEqual([
      p('A-20261201'),
      p('B-20261201'),
    ]);
  });
});
