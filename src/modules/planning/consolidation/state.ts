// Mutable primal solution of the consolidation solver: who rides where, loads, quota use. Every
// operation keeps capacity and quota feasible; min fill is checked by the callers that open/close.
import type { Model } from './model';

export class PlanState {
  readonly assign: Int32Array;
  readonly tload: Int32Array;
  readonly kload: Float64Array;
  readonly cnt: Int32Array;
  readonly slotUsed: Int32Array;
  obj = 0;

  constructor(readonly m: Model) {
    this.assign = new Int32Array(m.nB).fill(-1);
    this.tload = new Int32Array(m.nD);
    this.kload = new Float64Array(m.nD);
    this.cnt = new Int32Array(m.nD);
    this.slotUsed = new Int32Array(m.quota.length);
  }

  running(d: number): boolean {
    return this.cnt[d]! > 0;
  }

  /** A closed departure may open: its gateway-day slot has room. */
  slotFree(d: number): boolean {
    const s = this.m.slot[d]!;
    return s < 0 || this.slotUsed[s]! < this.m.quota[s]!;
  }

  fits(b: number, d: number): boolean {
    const m = this.m;
    return this.tload[d]! + m.teu[b]! <= m.capTeu[d]! && this.kload[d]! + m.kg[b]! <= m.capKg[d]!;
  }

  add(b: number, d: number): void {
    const m = this.m;
    if (this.cnt[d] === 0) {
      const s = m.slot[d]!;
      if (s >= 0) this.slotUsed[s] = this.slotUsed[s]! + 1;
    }
    this.assign[b] = d;
    this.tload[d] = this.tload[d]! + m.teu[b]!;
    this.kload[d] = this.kload[d]! + m.kg[b]!;
    this.cnt[d] = this.cnt[d]! + 1;
    this.obj += m.value[b]!;
  }

  remove(b: number): void {
    const m = this.m;
    const d = this.assign[b]!;
    if (d < 0) return;
    this.assign[b] = -1;
    this.tload[d] = this.tload[d]! - m.teu[b]!;
    this.kload[d] = this.kload[d]! - m.kg[b]!;
    this.cnt[d] = this.cnt[d]! - 1;
    this.obj -= m.value[b]!;
    if (this.cnt[d] === 0) {
      const s = m.slot[d]!;
      if (s >= 0) this.slotUsed[s] = this.slotUsed[s]! - 1;
    }
  }

  members(d: number): number[] {
    const out: number[] = [];
    for (const b of this.m.dElig[d]!) if (this.assign[b] === d) out.push(b);
    return out;
  }

  copyFrom(o: PlanState): void {
    this.assign.set(o.assign);
    this.tload.set(o.tload);
    this.kload.set(o.kload);
    this.cnt.set(o.cnt);
    this.slotUsed.set(o.slotUsed);
    this.obj = o.obj;
  }

  clone(): PlanState {
    const c = new PlanState(this.m);
    c.copyFrom(this);
    return c;
  }

  /** No gateway-day slot is used beyond its quota. */
  quotaOk(): boolean {
    for (let s = 0; s < this.slotUsed.length; s++) if (this.slotUsed[s]! > this.m.quota[s]!) return false;
    return true;
  }

  /** Every running departure reaches its minimum (loads are kept exact by add/remove). */
  minFillOk(): boolean {
    for (let d = 0; d < this.m.nD; d++) {
      if (this.cnt[d]! > 0 && this.tload[d]! < this.m.minTeu[d]!) return false;
    }
    return true;
  }
}
