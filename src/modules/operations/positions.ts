/**
 * Running trains' km along their routes (latest position per train), when tracking has them, for
 * the border forecast. Read at most every `ttlMs`: the forecast counts days, and the border picture
 * is reloaded at every train change on every open screen — one read of thousands of rows a second
 * would weigh on the database the live feed shares.
 */
import type { Principal } from '../../platform/http/access';
import type { TrainProgress } from './figures';
import { SYSTEM } from './system';

/** Trains' latest positions matched to their routes (tracking's TrainService). */
export interface PositionSource {
  positions(
    principal: Principal,
    hours: number,
    limit: number,
  ): Promise<ReadonlyArray<{ trainReference: string; time: string; kmAlong: number | null }>>;
}

export class TrainPositions {
  private cache: { at: number; value: Promise<Map<string, TrainProgress>> } | null = null;

  constructor(
    private readonly source: PositionSource | undefined,
    private readonly ttlMs: number,
  ) {}

  progress(): Promise<Map<string, TrainProgress>> {
    const cached = this.cache;
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    const value = this.read();
    this.cache = { at: Date.now(), value };
    return value;
  }

  private async read(): Promise<Map<string, TrainProgress>> {
    const out = new Map<string, TrainProgress>();
    if (!this.source) return out;
    try {
      // positions of the last 90 days (the twin may lag weeks behind the wall clock)
      for (const p of await this.source.positions(SYSTEM, 90 * 24, 20_000))
        if (p.kmAlong !== null) out.set(p.trainReference, { kmAlong: p.kmAlong, time: p.time });
    } catch (err) {
      process.stderr.write(`operations: train positions unavailable: ${String(err)}\n`);
    }
    return out;
  }
}
