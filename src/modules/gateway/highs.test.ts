// Cross-check against HiGHS: on small random instances the scheduler's objective equals the optimum
// HiGHS finds for the same model (bench/gateway/lp-model.ts), both as LP and as MIP.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayToLp } from '../../../bench/gateway/lp-model';
import { solveWithHighs, stopHighsWorker } from '../../../bench/lib/highs';
import { gatewayInstanceArb, SMALL } from './arbitraries';
import { solveGateway } from './solve';

afterAll(async () => {
  await stopHighsWorker();
});

const clock = { now: () => 0 };

describe('solveGateway against HiGHS', () => {
  it('has the LP optimum of HiGHS (the model is a network flow, so the LP is integral)', async () => {
    await fc.assert(
      fc.asyncProperty(gatewayInstanceArb(SMALL), async (x) => {
        const ours = solveGateway(x, clock, { explain: false }).objective;
        const r = await solveWithHighs(gatewayToLp(x), { timeLimitMs: 20_000 });
        expect(r.status).toBe('optimal');
        expect(Math.round(r.objective ?? Number.NaN)).toBe(ours);
        expect(Math.abs((r.objective ?? Number.NaN) - ours)).toBeLessThan(1e-6);
      }),
      { numRuns: 40 },
    );
  });

  it('has the MIP optimum of HiGHS', async () => {
    await fc.assert(
      fc.asyncProperty(gatewayInstanceArb(SMALL), async (x) => {
        const ours = solveGateway(x, clock, { explain: false }).objective;
        const r = await solveWithHighs(gatewayToLp(x, { integer: true }), { timeLimitMs: 20_000 });
        expect(r.status).toBe('optimal');
        expect(Math.round(r.objective ?? Number.NaN)).toBe(ours);
      }),
      { numRuns: 15 },
    );
  });
});
