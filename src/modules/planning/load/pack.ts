// Packing oracle: given a chosen set of boxes, find wagon/platform/slot positions for all of them, or
// prove that none exist, or give up ("unknown") after a node budget. Quick counting proofs come first
// (pairing of 20-ft boxes by sorted weight is the exact test of "all pairs within pairMaxDiffKg",
// platforms per length class, dangerous-goods wagons). Then a depth-first search places boxes one by
// one — dangerous goods first, long before short, heavy before light — on the shortest fitting
// platform first; a 20-ft box either joins a half-filled platform or opens one. Empty wagons of one
// type are interchangeable for boxes without dangerous goods (those are all placed before), so only
// the first is tried. A search that ends without hitting the budget is a proof of infeasibility.
import { BOGIE_EPS, type Box, type Model } from './model';
import { PairPacker } from './pack-pairs';

export interface Assign {
  readonly box: number;
  readonly wagon: number;
  readonly platform: number;
  /** 0 F, 1 A, 2 B. */
  readonly slot: number;
}

export type PackResult =
  | { readonly kind: 'ok'; readonly assigns: Assign[] }
  | { readonly kind: 'infeasible'; readonly why: string }
  | { readonly kind: 'unknown' };

const LEN_CLASSES = [30, 40, 45] as const;
/** Slot bits per platform. */
const F = 1;
const A = 2;
const B = 4;

export class Packer {
  private readonly m: Model;
  private readonly base: number[] = [];
  /** Platforms of at least 20, 30, 40, 45 ft. */
  readonly platCount: { all: number; c30: number; c40: number; c45: number };
  /** Maximum number of platforms on a set of wagons that may carry dangerous goods together. */
  readonly dgPlatformCap: number;
  // Search state.
  private readonly mask: Uint8Array;
  /** Weight on each platform; for a half-filled platform, the weight of its single 20-ft box. */
  private readonly platKg: Float64Array;
  private readonly wagonKg: Float64Array;
  private readonly wagonBoxes: Int32Array;
  private readonly bogieLoad: Float64Array[];
  private readonly dgBoxes: Int32Array;
  private halfOpen = 0;
  private nodes = 0;
  private budget = 0;
  private remaining20: Int32Array = new Int32Array(0);
  private remainingLong: Int32Array = new Int32Array(0);
  private remainingKg: Float64Array = new Float64Array(0);
  /** Platforms (≥ 20 ft) with nothing on them. */
  private freePlatforms = 0;
  /** Σ over wagons of min(payload, Σ platform maxKg), minus what is placed. */
  private freeKg = 0;
  private readonly totalKgCap: number;
  private readonly out: Assign[] = [];
  private readonly quick: PairPacker;
  private lastSet: Box[] | null = null;
  private lastAssigns: Assign[] = [];

  constructor(m: Model) {
    this.m = m;
    this.quick = new PairPacker(m);
    let n = 0;
    let all = 0;
    let c30 = 0;
    let c40 = 0;
    let c45 = 0;
    for (const w of m.wagons) {
      this.base.push(n);
      n += w.type.platforms.length;
      for (const p of w.type.platforms) {
        if (p.lengthFt >= 20) all++;
        if (p.lengthFt >= 30) c30++;
        if (p.lengthFt >= 40) c40++;
        if (p.lengthFt >= 45) c45++;
      }
    }
    this.platCount = { all, c30, c40, c45 };
    // Max-weight independent set on the path of DG-allowed wagons (weight = usable platforms).
    let take = 0;
    let skip = 0;
    for (const w of m.wagons) {
      const cnt = w.dgAllowed ? w.type.platforms.filter((p) => p.lengthFt >= 20).length : 0;
      const t = (m.dgAdjacent ? skip : Math.max(take, skip)) + cnt;
      skip = Math.max(take, skip);
      take = t;
    }
    this.dgPlatformCap = Math.max(take, skip);
    this.totalKgCap = m.wagons.reduce(
      (acc, w) =>
        acc +
        Math.min(
          w.type.payload,
          w.type.platforms.reduce((a, p) => a + (p.lengthFt >= 20 ? p.maxKg : 0), 0),
        ),
      0,
    );
    this.mask = new Uint8Array(n);
    this.platKg = new Float64Array(n);
    this.wagonKg = new Float64Array(m.wagons.length);
    this.wagonBoxes = new Int32Array(m.wagons.length);
    this.bogieLoad = m.wagons.map((w) => new Float64Array(w.type.bogies.length));
    this.dgBoxes = new Int32Array(m.wagons.length);
  }

  /** Counting proofs of infeasibility; null when none applies. */
  private quickProof(sel: readonly Box[]): string | null {
    const m = this.m;
    const twenties = sel.filter((b) => b.len === 20).sort((x, y) => x.kg - y.kg);
    // Maximum matching of 20-ft boxes under "differ by at most D": greedy on sorted weights.
    let pairs = 0;
    let perfect = true;
    for (let i = 0; i < twenties.length; ) {
      const a = twenties[i] as Box;
      const b = twenties[i + 1];
      if (b !== undefined && b.kg - a.kg <= m.pairMaxDiffKg) {
        pairs++;
        i += 2;
      } else {
        perfect = false;
        i += 1;
      }
    }
    if (m.mustPair && !perfect) return '20-ft boxes cannot all be paired';
    const others = sel.length - twenties.length;
    const pc = this.platCount;
    if (others + twenties.length - pairs > pc.all) return 'more loads than platforms';
    for (const c of LEN_CLASSES) {
      // Compulsory pairs need a 40-ft platform; optional ones could be split onto shorter platforms.
      const need = sel.filter((b) => b.len >= c).length + (m.mustPair && c <= 40 ? pairs : 0);
      const have = c === 30 ? pc.c30 : c === 40 ? pc.c40 : pc.c45;
      if (need > have) return `more loads of ${c} ft or longer than platforms`;
    }
    const dg20 = sel.filter((b) => b.dg && b.len === 20).length;
    const dgOther = sel.filter((b) => b.dg && b.len !== 20).length;
    if (dgOther + Math.ceil(dg20 / 2) > this.dgPlatformCap) {
      return 'too many dangerous-goods boxes for the wagons allowed to carry them';
    }
    return null;
  }

  pack(sel: readonly Box[], budget = 3000): PackResult {
    const r = this.packInner(sel, budget);
    if (r.kind === 'ok') {
      this.lastSet = [...sel];
      this.lastAssigns = r.assigns;
    }
    return r;
  }

  /** Clears the search state and puts the given positions back (all known to fit). */
  private restore(assigns: readonly Assign[]): void {
    this.mask.fill(0);
    this.platKg.fill(0);
    this.wagonKg.fill(0);
    this.wagonBoxes.fill(0);
    for (const b of this.bogieLoad) b.fill(0);
    this.dgBoxes.fill(0);
    this.halfOpen = 0;
    this.out.length = 0;
    this.freePlatforms = this.platCount.all;
    this.freeKg = this.totalKgCap;
    for (const a of assigns) {
      const box = this.m.boxes[a.box];
      if (box === undefined || !this.place(box, a.wagon, a.platform, a.slot)) return;
    }
  }

  /**
   * Fast path of the search: `sel` is the last packed set plus one box; keep the last positions and
   * look for a free place for the new box only.
   */
  private extendLast(sel: readonly Box[]): Assign[] | null {
    const last = this.lastSet;
    if (last === null || sel.length !== last.length + 1) return null;
    for (let i = 0; i < last.length; i++) if (last[i] !== sel[i]) return null;
    const box = sel[sel.length - 1] as Box;
    if (box.len === 20 && this.m.mustPair) return null;
    this.restore(this.lastAssigns);
    if (this.out.length !== this.lastAssigns.length) return null;
    for (const c of this.candidates(box)) {
      if (this.place(box, c >> 8, (c >> 2) & 63, c & 3)) return [...this.out];
    }
    return null;
  }

  private packInner(sel: readonly Box[], budget: number): PackResult {
    const why = this.quickProof(sel);
    if (why !== null) return { kind: 'infeasible', why };
    const extended = this.extendLast(sel);
    if (extended !== null) return { kind: 'ok', assigns: extended };
    const fast = this.quick.pack(sel, 2 * sel.length + 20);
    if (fast !== null) return { kind: 'ok', assigns: fast };
    // Dangerous goods first (their wagons matter), then 20-ft boxes (pairing), then long before short.
    const rank = (b: Box): number => (b.dg ? 0 : b.len === 20 ? 1 : 2);
    const loads = [...sel].sort((x, y) => rank(x) - rank(y) || y.len - x.len || y.kg - x.kg);
    this.remaining20 = new Int32Array(loads.length + 1);
    this.remainingLong = new Int32Array(loads.length + 1);
    this.remainingKg = new Float64Array(loads.length + 1);
    for (let k = loads.length - 1; k >= 0; k--) {
      const b = loads[k] as Box;
      this.remaining20[k] = (this.remaining20[k + 1] ?? 0) + (b.len === 20 ? 1 : 0);
      this.remainingLong[k] = (this.remainingLong[k + 1] ?? 0) + (b.len === 20 ? 0 : 1);
      this.remainingKg[k] = (this.remainingKg[k + 1] ?? 0) + b.kg;
    }
    this.freePlatforms = this.platCount.all;
    this.freeKg = this.totalKgCap;
    this.mask.fill(0);
    this.platKg.fill(0);
    this.wagonKg.fill(0);
    this.wagonBoxes.fill(0);
    for (const b of this.bogieLoad) b.fill(0);
    this.dgBoxes.fill(0);
    this.halfOpen = 0;
    this.out.length = 0;
    this.nodes = 0;
    this.budget = budget;
    if (this.dfs(loads, 0)) return { kind: 'ok', assigns: [...this.out] };
    if (this.nodes <= this.budget) return { kind: 'infeasible', why: 'no arrangement fits the weight rules' };
    return { kind: 'unknown' };
  }

  private dgBlocked(w: number): boolean {
    const wagon = this.m.wagons[w];
    if (wagon === undefined || !wagon.dgAllowed) return true;
    if ((this.dgBoxes[w] ?? 0) > 0 || !this.m.dgAdjacent) return false;
    return (this.dgBoxes[w - 1] ?? 0) > 0 || (this.dgBoxes[w + 1] ?? 0) > 0;
  }

  /** Puts box on wagon w, platform p, slot s if every weight rule holds; returns whether it did. */
  private place(box: Box, w: number, p: number, s: number): boolean {
    const t = this.m.wagons[w]?.type;
    const plat = t?.platforms[p];
    if (t === undefined || plat === undefined) return false;
    const g = (this.base[w] ?? 0) + p;
    if ((this.platKg[g] ?? 0) + box.kg > plat.maxKg) return false;
    if ((this.wagonKg[w] ?? 0) + box.kg > t.payload) return false;
    const bl = this.bogieLoad[w] as Float64Array;
    for (let i = 0; i < t.bogies.length; i++) {
      const add = (t.bogies[i]?.share[p * 3 + s] ?? 0) * box.kg;
      if ((bl[i] ?? 0) + add > (t.bogies[i]?.maxKg ?? 0) + BOGIE_EPS) return false;
    }
    for (let i = 0; i < t.bogies.length; i++)
      bl[i] = (bl[i] ?? 0) + (t.bogies[i]?.share[p * 3 + s] ?? 0) * box.kg;
    const before = this.mask[g] ?? 0;
    const bit = s === 0 ? F : s === 1 ? A : B;
    if (box.len === 20 && s !== 0) this.halfOpen += before === 0 ? 1 : -1;
    if (before === 0 && plat.lengthFt >= 20) this.freePlatforms--;
    this.freeKg -= box.kg;
    this.mask[g] = before | bit;
    this.platKg[g] = (this.platKg[g] ?? 0) + box.kg;
    this.wagonKg[w] = (this.wagonKg[w] ?? 0) + box.kg;
    this.wagonBoxes[w] = (this.wagonBoxes[w] ?? 0) + 1;
    if (box.dg) this.dgBoxes[w] = (this.dgBoxes[w] ?? 0) + 1;
    this.out.push({ box: box.idx, wagon: w, platform: p, slot: s });
    return true;
  }

  private unplace(box: Box, w: number, p: number, s: number): void {
    const t = this.m.wagons[w]?.type;
    if (t === undefined) return;
    const g = (this.base[w] ?? 0) + p;
    const bl = this.bogieLoad[w] as Float64Array;
    for (let i = 0; i < t.bogies.length; i++)
      bl[i] = (bl[i] ?? 0) - (t.bogies[i]?.share[p * 3 + s] ?? 0) * box.kg;
    const bit = s === 0 ? F : s === 1 ? A : B;
    const after = (this.mask[g] ?? 0) & ~bit;
    if (box.len === 20 && s !== 0) this.halfOpen += after === 0 ? -1 : 1;
    if (after === 0 && (t.platforms[p]?.lengthFt ?? 0) >= 20) this.freePlatforms++;
    this.freeKg += box.kg;
    this.mask[g] = after;
    this.platKg[g] = (this.platKg[g] ?? 0) - box.kg;
    this.wagonKg[w] = (this.wagonKg[w] ?? 0) - box.kg;
    this.wagonBoxes[w] = (this.wagonBoxes[w] ?? 0) - 1;
    if (box.dg) this.dgBoxes[w] = (this.dgBoxes[w] ?? 0) - 1;
    this.out.pop();
  }

  /** Candidate (wagon, platform, slot) triples for a box, most promising first. */
  private candidates(box: Box): number[] {
    const m = this.m;
    const joins: number[] = [];
    const opens: number[] = [];
    const seenEmptyType = new Set<number>();
    for (let w = 0; w < m.wagons.length; w++) {
      const wagon = m.wagons[w];
      if (wagon === undefined) continue;
      if (box.dg && this.dgBlocked(w)) continue;
      if (!box.dg && this.wagonBoxes[w] === 0) {
        if (seenEmptyType.has(wagon.type.idx)) continue;
        seenEmptyType.add(wagon.type.idx);
      }
      const t = wagon.type;
      const bogies = t.bogies.length > 0;
      for (let p = 0; p < t.platforms.length; p++) {
        const L = t.platforms[p]?.lengthFt ?? 0;
        const mk = this.mask[(this.base[w] ?? 0) + p] ?? 0;
        const code = (s: number): number => (w * 64 + p) * 4 + s;
        if (box.len !== 20) {
          if (mk === 0 && L >= box.len) opens.push(code(0));
          continue;
        }
        if (mk === A || mk === B) {
          const other = this.platKg[(this.base[w] ?? 0) + p] ?? 0;
          if (Math.abs(other - box.kg) <= m.pairMaxDiffKg) joins.push(code(mk === A ? 2 : 1));
          continue;
        }
        if (mk !== 0) continue;
        if (L >= 40) {
          opens.push(code(1));
          if (bogies) opens.push(code(2));
        }
        if (!m.mustPair && L >= 20 && (L < 40 || bogies)) opens.push(code(0));
      }
    }
    const lenOf = (c: number): number => m.wagons[c >> 8]?.type.platforms[(c >> 2) & 63]?.lengthFt ?? 0;
    opens.sort((x, y) => lenOf(x) - lenOf(y) || x - y);
    if (joins.length > 1) {
      const diff = (c: number): number =>
        Math.abs((this.platKg[(this.base[c >> 8] ?? 0) + ((c >> 2) & 63)] ?? 0) - box.kg);
      joins.sort((x, y) => diff(x) - diff(y) || x - y);
    }
    return joins.concat(opens);
  }

  /**
   * Necessary condition under compulsory pairs: the single boxes of half-filled platforms together
   * with the 20-ft boxes still to place can be perfectly matched within pairMaxDiffKg.
   */
  private pairable(loads: readonly Box[], from: number): boolean {
    if (this.halfOpen > (this.remaining20[from] ?? 0)) return false;
    const ws: number[] = [];
    for (let g = 0; g < this.mask.length; g++) {
      const mk = this.mask[g];
      if (mk === A || mk === B) ws.push(this.platKg[g] ?? 0);
    }
    for (let k = from; k < loads.length; k++) {
      const b = loads[k];
      if (b !== undefined && b.len === 20) ws.push(b.kg);
    }
    if (ws.length % 2 === 1) return false;
    ws.sort((x, y) => x - y);
    for (let i = 0; i < ws.length; i += 2)
      if ((ws[i + 1] ?? 0) - (ws[i] ?? 0) > this.m.pairMaxDiffKg) return false;
    return true;
  }

  /** Necessary: enough free platforms and weight capacity for the boxes from `from` on. */
  private roomLeft(from: number): boolean {
    if ((this.remainingKg[from] ?? 0) > this.freeKg + 1e-6) return false;
    const twenties = Math.max(0, (this.remaining20[from] ?? 0) - this.halfOpen);
    return (this.remainingLong[from] ?? 0) + Math.ceil(twenties / 2) <= this.freePlatforms;
  }

  private dfs(loads: readonly Box[], k: number): boolean {
    const box = loads[k];
    if (box === undefined) return !this.m.mustPair || this.halfOpen === 0;
    if (++this.nodes > this.budget) return false;
    for (const c of this.candidates(box)) {
      const w = c >> 8;
      const p = (c >> 2) & 63;
      const s = c & 3;
      if (!this.place(box, w, p, s)) continue;
      // Under compulsory pairs every half-filled platform needs one of the remaining 20-ft boxes.
      const ok = this.roomLeft(k + 1) && (!this.m.mustPair || box.len !== 20 || this.pairable(loads, k + 1));
      if (ok && this.dfs(loads, k + 1)) return true;
      this.unplace(box, w, p, s);
      if (this.nodes > this.budget) return false;
    }
    return false;
  }
}
