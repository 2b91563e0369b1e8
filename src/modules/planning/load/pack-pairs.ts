// Fast first try of the packing oracle: 20-ft boxes are paired by sorted weight (adjacent pairs; a
// maximum matching when pairs are optional) and each pair, lone box or long box is one load placed by
// a small depth-first search, best fit first, with both orientations of a pair on bogie wagons. It
// only ever answers "found" or "not found" (the complete search in pack.ts decides the rest).
import { BOGIE_EPS, type Box, type Model } from './model';

interface AssignP {
  readonly box: number;
  readonly wagon: number;
  readonly platform: number;
  /** 0 F, 1 A, 2 B. */
  readonly slot: number;
}

interface Load {
  readonly a: Box;
  readonly b: Box | null;
  /** Required platform length. */
  readonly len: number;
  readonly kg: number;
  readonly dg: boolean;
  /** Pair (A/B), or single box in F (20-ft box alone uses F when allowed). */
  readonly pair: boolean;
}

export class PairPacker {
  private readonly m: Model;
  private readonly base: number[] = [];
  // DFS state.
  private used: Uint8Array;
  private wagonKg: Float64Array;
  private wagonBoxes: Int32Array;
  private bogieLoad: Float64Array[];
  private dgW: Uint8Array;
  private nodes = 0;
  private budget = 0;
  private readonly out: AssignP[] = [];

  constructor(m: Model) {
    this.m = m;
    let n = 0;
    for (const w of m.wagons) {
      this.base.push(n);
      n += w.type.platforms.length;
    }
    this.used = new Uint8Array(n);
    this.wagonKg = new Float64Array(m.wagons.length);
    this.wagonBoxes = new Int32Array(m.wagons.length);
    this.bogieLoad = m.wagons.map((w) => new Float64Array(w.type.bogies.length));
    this.dgW = new Uint8Array(m.wagons.length);
  }

  /** Pairs 20-ft boxes; returns null (with reason) if mustPair cannot be met. */
  private loadsOf(sel: readonly Box[]): Load[] | string {
    const m = this.m;
    const twenties = sel.filter((b) => b.len === 20).sort((x, y) => x.kg - y.kg);
    const loads: Load[] = [];
    for (const b of sel)
      if (b.len !== 20) loads.push({ a: b, b: null, len: b.len, kg: b.kg, dg: b.dg, pair: false });
    if (m.mustPair) {
      if (twenties.length % 2 === 1) return 'odd number of 20-ft boxes';
      for (let i = 0; i < twenties.length; i += 2) {
        const a = twenties[i] as Box;
        const b = twenties[i + 1] as Box;
        if (b.kg - a.kg > m.pairMaxDiffKg) return '20-ft boxes cannot all be paired';
        loads.push({ a: b, b: a, len: 40, kg: a.kg + b.kg, dg: a.dg || b.dg, pair: true });
      }
    } else {
      let i = 0;
      while (i < twenties.length) {
        const a = twenties[i] as Box;
        const b = twenties[i + 1];
        if (b !== undefined && b.kg - a.kg <= m.pairMaxDiffKg) {
          loads.push({ a: b, b: a, len: 40, kg: a.kg + b.kg, dg: a.dg || b.dg, pair: true });
          i += 2;
        } else {
          loads.push({ a, b: null, len: 20, kg: a.kg, dg: a.dg, pair: false });
          i += 1;
        }
      }
    }
    return loads;
  }

  /** Positions for all of `sel`, or null if this quick search finds none. */
  pack(sel: readonly Box[], budget: number): AssignP[] | null {
    const loads = this.loadsOf(sel);
    if (typeof loads === 'string') return null;
    loads.sort((x, y) => Number(y.dg) - Number(x.dg) || y.len - x.len || y.kg - x.kg);
    this.used.fill(0);
    this.wagonKg.fill(0);
    this.wagonBoxes.fill(0);
    for (const b of this.bogieLoad) b.fill(0);
    this.dgW.fill(0);
    this.out.length = 0;
    this.nodes = 0;
    this.budget = budget;
    return this.dfs(loads, 0) ? [...this.out] : null;
  }

  private canDg(w: number): boolean {
    const wagon = this.m.wagons[w];
    if (wagon === undefined || !wagon.dgAllowed) return false;
    if (this.dgW[w] === 1 || !this.m.dgAdjacent) return true;
    return this.dgW[w - 1] !== 1 && this.dgW[w + 1] !== 1;
  }

  /** Tries to put `load` on wagon w platform p with box a in slot sa (and b in sb); applies it if it fits. */
  private tryPlace(load: Load, w: number, p: number, sa: number, sb: number): boolean {
    const wagon = this.m.wagons[w];
    if (wagon === undefined) return false;
    const t = wagon.type;
    const plat = t.platforms[p];
    if (plat === undefined || load.kg > plat.maxKg) return false;
    if ((this.wagonKg[w] ?? 0) + load.kg > t.payload) return false;
    const bl = this.bogieLoad[w] as Float64Array;
    for (let i = 0; i < t.bogies.length; i++) {
      const bg = t.bogies[i];
      if (bg === undefined) continue;
      let add = (bg.share[p * 3 + sa] ?? 0) * load.a.kg;
      if (load.b !== null) add += (bg.share[p * 3 + sb] ?? 0) * load.b.kg;
      if ((bl[i] ?? 0) + add > bg.maxKg + BOGIE_EPS) return false;
    }
    for (let i = 0; i < t.bogies.length; i++) {
      const bg = t.bogies[i];
      if (bg === undefined) continue;
      let add = (bg.share[p * 3 + sa] ?? 0) * load.a.kg;
      if (load.b !== null) add += (bg.share[p * 3 + sb] ?? 0) * load.b.kg;
      bl[i] = (bl[i] ?? 0) + add;
    }
    this.used[(this.base[w] ?? 0) + p] = 1;
    this.wagonKg[w] = (this.wagonKg[w] ?? 0) + load.kg;
    this.wagonBoxes[w] = (this.wagonBoxes[w] ?? 0) + 1;
    this.out.push({ box: load.a.idx, wagon: w, platform: p, slot: sa });
    if (load.b !== null) this.out.push({ box: load.b.idx, wagon: w, platform: p, slot: sb });
    return true;
  }

  private undo(load: Load, w: number, p: number, sa: number, sb: number): void {
    const t = this.m.wagons[w]?.type;
    if (t === undefined) return;
    const bl = this.bogieLoad[w] as Float64Array;
    for (let i = 0; i < t.bogies.length; i++) {
      const bg = t.bogies[i];
      if (bg === undefined) continue;
      let add = (bg.share[p * 3 + sa] ?? 0) * load.a.kg;
      if (load.b !== null) add += (bg.share[p * 3 + sb] ?? 0) * load.b.kg;
      bl[i] = (bl[i] ?? 0) - add;
    }
    this.used[(this.base[w] ?? 0) + p] = 0;
    this.wagonKg[w] = (this.wagonKg[w] ?? 0) - load.kg;
    this.wagonBoxes[w] = (this.wagonBoxes[w] ?? 0) - 1;
    this.out.length -= load.b === null ? 1 : 2;
  }

  private dfs(loads: readonly Load[], k: number): boolean {
    const load = loads[k];
    if (load === undefined) return true;
    if (++this.nodes > this.budget) return false;
    const m = this.m;
    // Candidate platforms, best fit (shortest sufficient platform) first.
    const cands: number[] = [];
    const seenEmptyType = new Set<number>();
    for (let w = 0; w < m.wagons.length; w++) {
      const wagon = m.wagons[w];
      if (wagon === undefined) continue;
      if (load.dg && !this.canDg(w)) continue;
      if (!load.dg && this.wagonBoxes[w] === 0) {
        // Empty wagons of one type are interchangeable for boxes without dangerous goods.
        if (seenEmptyType.has(wagon.type.idx)) continue;
        seenEmptyType.add(wagon.type.idx);
      }
      const plats = wagon.type.platforms;
      for (let p = 0; p < plats.length; p++) {
        const plat = plats[p];
        if (plat === undefined || this.used[(this.base[w] ?? 0) + p] === 1) continue;
        if (plat.lengthFt < load.len || plat.lengthFt < 20) continue;
        cands.push(w * 64 + p);
      }
    }
    const lenOf = (c: number): number => m.wagons[c >> 6]?.type.platforms[c & 63]?.lengthFt ?? 0;
    cands.sort((x, y) => lenOf(x) - lenOf(y) || x - y);
    for (const c of cands) {
      const w = c >> 6;
      const p = c & 63;
      const hasBogies = (m.wagons[w]?.type.bogies.length ?? 0) > 0;
      const orients: [number, number][] = load.pair
        ? hasBogies
          ? [
              [1, 2],
              [2, 1],
            ]
          : [[1, 2]]
        : [[0, 0]];
      if (!load.pair && load.len === 20 && lenOf(c) >= 40 && hasBogies) orients.push([1, 1], [2, 2]);
      for (const [sa, sb] of orients) {
        if (!this.tryPlace(load, w, p, sa, sb)) continue;
        const wasDg = this.dgW[w] ?? 0;
        if (load.dg) this.dgW[w] = 1;
        if (this.dfs(loads, k + 1)) return true;
        this.dgW[w] = wasDg;
        this.undo(load, w, p, sa, sb);
        if (this.nodes > this.budget) return false;
      }
    }
    return false;
  }
}
