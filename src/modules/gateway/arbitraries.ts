// fast-check arbitraries of gateway instances for the property tests (test support only, no I/O).
import fc from 'fast-check';
import type { GatewayInstance } from './contract';

export interface ArbLimits {
  readonly maxDays: number;
  readonly maxGateways: number;
  readonly maxTrains: number;
  readonly maxQuota: number;
}

export const TINY: ArbLimits = { maxDays: 3, maxGateways: 2, maxTrains: 6, maxQuota: 2 };
export const SMALL: ArbLimits = { maxDays: 8, maxGateways: 3, maxTrains: 40, maxQuota: 4 };

export function gatewayInstanceArb(l: ArbLimits): fc.Arbitrary<GatewayInstance> {
  return fc
    .record({
      days: fc.integer({ min: 1, max: l.maxDays }),
      nGateways: fc.integer({ min: 1, max: l.maxGateways }),
      nTrains: fc.integer({ min: 0, max: l.maxTrains }),
      penalty: fc.integer({ min: 0, max: l.maxDays + 3 }),
    })
    .chain(({ days, nGateways, nTrains, penalty }) => {
      const ids = Array.from({ length: nGateways }, (_, g) => `G${g}`);
      const gateways = fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            quota: fc.array(fc.integer({ min: 0, max: l.maxQuota }), { minLength: days, maxLength: days }),
          }),
        ),
      );
      const option = fc.record({
        gateway: fc.constantFrom(...ids),
        extraDays: fc.integer({ min: 0, max: 2 }),
      });
      const train = fc.record({
        arrivalDay: fc.integer({ min: 0, max: days }),
        weight: fc.integer({ min: 0, max: 5 }),
        maxDelayDays: fc.integer({ min: 0, max: days }),
        options: fc.array(option, { minLength: 0, maxLength: nGateways + 1 }),
      });
      return fc
        .record({
          gateways,
          trains: fc.array(train, { minLength: nTrains, maxLength: nTrains }),
        })
        .map(
          ({ gateways: gs, trains }): GatewayInstance => ({
            format: 'lugang.gateway.instance/v1',
            id: `arb-${days}d-${nGateways}g-${nTrains}t`,
            days,
            gateways: gs,
            trains: trains.map((t, i) => ({ id: `T${i}`, ...t })),
            unscheduledPenaltyDays: penalty,
          }),
        );
    });
}
