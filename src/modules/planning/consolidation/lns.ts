// Large-neighbourhood search for consolidation. Three neighbourhoods: (1) empty a few related trains
// (sharing bookings or a gateway-day slot) and rebuild greedily; (2) a block of consecutive slots of
// one route: try every subset of them to run and keep the best fill; (3) insertion and swaps for
// what was freed. Acceptance is simulated annealing (worse plans now and then, best kept apart).
import { commitFill, empty, insertPass, openGreedy, planFill, type Rng, swapPass, topUp } from './heuristic';
import type { Model } from './model';
import type { PlanState } from './state';

/** Departures sharing at least one eligible booking with d (d itself excluded). */
export function neighbours(m: Model): Int32Array[] {
  const sets: Set<number>[] = [];
  for (let d = 0; d < m.nD; d++) sets.push(new Set());
  for (const list of m.bElig) {
    for (const a of list) for (const c of list) if (a !== c) sets[a]!.add(c);
  }
  return sets.map((s) => Int32Array.from(s));
}

export interface LnsContext {
  readonly m: Model;
  readonly nbr: Int32Array[];
  /** Bookings by value descending. */
  readonly byValue: readonly number[];
  readonly rng: Rng;
  readonly key: Float64Array;
  /** Departures touched by the last move (filled by the moves). */
  readonly touched: number[];
  /** Scratch per booking (all zero between moves): bit i = may use block slot i. */
  readonly elMask: Int32Array;
}

function takeRandom(list: number[], rng: Rng): number {
  const i = Math.floor(rng() * list.length);
  const d = list[i]!;
  list[i] = list[list.length - 1]!;
  list.pop();
  return d;
}

/** Neighbourhood 1: related trains emptied, rebuilt best-first. Returns the freed bookings. */
function relatedMove(ctx: LnsContext, st: PlanState): number[] | null {
  const { m, nbr, rng } = ctx;
  const d0 = Math.floor(rng() * m.nD);
  if (m.eligTeu[d0]! < m.minTeu[d0]!) return null;
  const k = 1 + Math.floor(rng() * 3);
  const destroyed: number[] = [];
  if (st.running(d0)) destroyed.push(d0);
  else if (!st.slotFree(d0)) {
    // the slot is taken: free it by emptying one of the trains crossing then
    const rivals = [...m.bySlot[m.slot[d0]!]!].filter((d) => st.running(d) && !m.forced[d]);
    if (rivals.length === 0) return null;
    destroyed.push(takeRandom(rivals, rng));
  }
  const runningNbr: number[] = [];
  for (const d of nbr[d0]!) if (st.running(d) && !destroyed.includes(d)) runningNbr.push(d);
  while (destroyed.length < k && runningNbr.length > 0) destroyed.push(takeRandom(runningNbr, rng));
  if (destroyed.length === 0) return null;
  const freed: number[] = [];
  for (const d of destroyed) for (const b of empty(st, d)) freed.push(b);
  for (const b of freed) ctx.key[b] = m.value[b]! * (0.85 + 0.3 * rng());
  const cands = new Set<number>([d0]);
  for (const d of destroyed) {
    cands.add(d);
    for (const n of nbr[d]!) cands.add(n);
  }
  if (!st.running(d0) && st.slotFree(d0)) {
    const p = planFill(st, d0, ctx.key, true);
    if (p) commitFill(st, d0, p);
  }
  openGreedy(st, cands, ctx.key, rng() < 0.3);
  for (const d of cands) ctx.touched.push(d);
  for (const d of destroyed) if (m.forced[d] && !topUp(st, d, ctx.key)) return null;
  return freed;
}

/** Neighbourhood 2: a block of up to 4 consecutive slots of one route; best subset of them runs. */
function routeBlockMove(ctx: LnsContext, st: PlanState): number[] | null {
  const { m, rng } = ctx;
  const d0 = Math.floor(rng() * m.nD);
  const line = m.byRoute[m.route[d0]!]!;
  if (line.length < 2) return null;
  const size = Math.min(line.length, 2 + Math.floor(rng() * 5));
  const pos = line.indexOf(d0);
  const start = Math.max(0, Math.min(line.length - size, pos - Math.floor(rng() * size)));
  return blockMove(ctx, st, Array.from(line.subarray(start, start + size)));
}

/** Neighbourhood 3: a connected cluster of up to 7 departures linked by shared bookings (any route). */
function clusterBlockMove(ctx: LnsContext, st: PlanState): number[] | null {
  const { m, rng, nbr } = ctx;
  const d0 = Math.floor(rng() * m.nD);
  if (nbr[d0]!.length === 0) return null;
  const size = 3 + Math.floor(rng() * 5);
  const block = [d0];
  const seen = new Set(block);
  for (let head = 0; head < block.length && block.length < size; head++) {
    const next = [...nbr[block[head]!]!].filter((d) => !seen.has(d) && m.eligTeu[d]! >= m.minTeu[d]!);
    while (next.length > 0 && block.length < size) {
      const d = takeRandom(next, rng);
      if (rng() < 0.6) {
        seen.add(d);
        block.push(d);
      }
    }
  }
  if (block.length < 2) return null;
  block.sort((a, c) => m.day[a]! - m.day[c]! || a - c);
  return blockMove(ctx, st, block);
}

/**
 * Empties the block and runs the best subset of it (every subset tried); trains outside the block may
 * lend bookings they can spare to lift a block train to its minimum.
 */
export function blockMove(ctx: LnsContext, st: PlanState, block: number[]): number[] | null {
  const { m, rng } = ctx;
  const size = block.length;
  for (const d of block) ctx.touched.push(d);
  const freed: number[] = [];
  for (const d of block) for (const b of empty(st, d)) freed.push(b);
  let forcedMask = 0;
  let usable = 0;
  block.forEach((d, i) => {
    if (m.forced[d]) forcedMask |= 1 << i;
    if ((st.running(d) || st.slotFree(d)) && m.eligTeu[d]! >= m.minTeu[d]!) usable |= 1 << i;
  });
  // per block slot: its free eligible bookings by value density; per booking: which slots it may use
  const elMask = ctx.elMask;
  const lists: number[][] = block.map((d, i) => {
    const list: number[] = [];
    for (const b of m.dElig[d]!) {
      // free bookings, and bookings of trains outside the block (borrowed only to lift a minimum)
      const a = st.assign[b]!;
      if (a !== -1 && (m.pin[b]! >= 0 || block.includes(a))) continue;
      list.push(b);
      elMask[b] = elMask[b]! | (1 << i);
    }
    const dens = (b: number) =>
      (m.value[b]! * (0.9 + 0.2 * rng())) / (m.teu[b]! / m.capTeu[d]! + m.kg[b]! / m.capKg[d]!);
    const sc = new Map(list.map((b) => [b, dens(b)]));
    return list.sort((a, c) => sc.get(c)! - sc.get(a)!);
  });
  const slack = block.map((d, i) => lists[i]!.reduce((a, b) => a + m.teu[b]!, 0) - m.minTeu[d]!);
  slack.forEach((sl, i) => {
    if (sl < 0) usable &= ~(1 << i); // not enough free cargo in reach: this slot cannot run
  });
  let bestMask = -1;
  let bestGain = Number.NEGATIVE_INFINITY;
  const added: number[] = [];
  const lean = rng() < 0.5;
  for (let mask = 0; mask < 1 << size; mask++) {
    if ((mask & forcedMask) !== forcedMask || (mask & ~usable) !== 0) continue;
    const gain = tryMask(st, block, lists, elMask, mask, added, lean, slack);
    if (gain > bestGain) {
      bestGain = gain;
      bestMask = mask;
    }
  }
  if (bestMask < 0) {
    for (const list of lists) for (const b of list) elMask[b] = 0;
    return null;
  }
  tryMask(st, block, lists, elMask, bestMask, added, lean, slack, true);
  for (const list of lists) for (const b of list) elMask[b] = 0;
  for (const d of block) if (m.forced[d] && st.tload[d]! < m.minTeu[d]!) return null;
  return freed;
}

/**
 * Fills the departures of `block` selected by `mask` in day order: first the bookings that no later
 * selected slot can take, then the others (all, or only up to the minimum when `lean`), each by value
 * density; then moves bookings between selected slots to lift any below its minimum. Returns the value
 * gained (−∞ when a selected slot misses its minimum or quota); undoes its changes unless `keep`.
 * `log` records (booking, previous departure) pairs for the undo.
 */
export function tryMask(
  st: PlanState,
  block: readonly number[],
  lists: readonly number[][],
  elMask: Int32Array,
  mask: number,
  log: number[],
  lean: boolean,
  slack: readonly number[],
  keep = false,
): number {
  const m = st.m;
  log.length = 0;
  const before = st.obj;
  let ok = true;
  const put = (b: number, d: number): void => {
    const from = st.assign[b]!;
    log.push(b, from);
    if (from >= 0) st.remove(b);
    st.add(b, d);
  };
  // tightest slot first (least candidate TEU above its minimum); "later" = selected, not yet filled
  const order: number[] = [];
  for (let i = 0; i < block.length; i++) if (mask & (1 << i)) order.push(i);
  order.sort((a, c) => slack[a]! - slack[c]! || a - c);
  let remaining = mask;
  for (const i of order) {
    if (!ok) break;
    const d = block[i]!;
    remaining &= ~(1 << i);
    if (!st.running(d) && !st.slotFree(d)) {
      ok = false;
      break;
    }
    const later = remaining;
    for (let pass = 0; pass < 2; pass++) {
      for (const b of lists[i]!) {
        if (st.assign[b] !== -1) continue;
        if (pass === 1 && lean && st.tload[d]! >= m.minTeu[d]!) break;
        const urgent = (elMask[b]! & later) === 0;
        if (urgent !== (pass === 0) || !st.fits(b, d)) continue;
        put(b, d);
      }
    }
  }
  if (ok) {
    // lift selected slots below their minimum with bookings from selected slots that have slack
    for (let i = 0; i < block.length && ok; i++) {
      if (!(mask & (1 << i))) continue;
      const d = block[i]!;
      for (const b of lists[i]!) {
        if (st.tload[d]! >= m.minTeu[d]!) break;
        const from = st.assign[b]!;
        if (from < 0 || from === d || m.pin[b]! >= 0) continue;
        if (st.tload[from]! - m.teu[b]! < m.minTeu[from]! || !st.fits(b, d)) continue;
        put(b, d);
      }
      // still short: take b from a train without slack and let that train take a free booking instead
      for (const b of lists[i]!) {
        if (st.tload[d]! >= m.minTeu[d]!) break;
        const from = st.assign[b]!;
        if (from < 0 || from === d || m.pin[b]! >= 0 || !st.fits(b, d)) continue;
        const need = m.minTeu[from]! - (st.tload[from]! - m.teu[b]!);
        if (need <= 0) continue;
        let sub = -1;
        for (const c of m.dElig[from]!) {
          if (st.assign[c] !== -1 || m.teu[c]! < need) continue;
          const t = st.tload[from]! - m.teu[b]! + m.teu[c]!;
          if (t <= m.capTeu[from]! && st.kload[from]! - m.kg[b]! + m.kg[c]! <= m.capKg[from]!) {
            sub = c;
            break;
          }
        }
        if (sub < 0) continue;
        put(b, d);
        put(sub, from);
      }
      if (st.tload[d]! < m.minTeu[d]!) ok = false;
    }
  }
  if (lean && ok) {
    // lean fill kept later trains fed; now top every selected train up with what is left
    for (let i = 0; i < block.length; i++) {
      if (!(mask & (1 << i))) continue;
      const d = block[i]!;
      for (const b of lists[i]!) if (st.assign[b] === -1 && st.fits(b, d)) put(b, d);
    }
  }
  const gain = st.obj - before;
  if (!keep) {
    for (let k = log.length - 2; k >= 0; k -= 2) {
      const b = log[k]!;
      const from = log[k + 1]!;
      st.remove(b);
      if (from >= 0) st.add(b, from);
    }
  }
  return ok ? gain : Number.NEGATIVE_INFINITY;
}

export interface Annealing {
  temperature: number;
}

/** One LNS step on `st` (backup receives the state before); returns true when the result is kept. */
export function lnsStep(ctx: LnsContext, st: PlanState, backup: PlanState, anneal?: Annealing): boolean {
  const { m, rng } = ctx;
  backup.copyFrom(st);
  const before = st.obj;
  ctx.touched.length = 0;
  const r = rng();
  const freed =
    r < 0.3 ? relatedMove(ctx, st) : r < 0.6 ? routeBlockMove(ctx, st) : clusterBlockMove(ctx, st);
  if (freed === null) {
    st.copyFrom(backup);
    return false;
  }
  // insertion and swaps for the freed bookings and the unassigned ones around the touched trains
  const local = new Set<number>(freed);
  for (const d of ctx.touched) for (const b of m.dElig[d]!) if (st.assign[b] === -1) local.add(b);
  const order = [...local].sort((a, c) => m.value[c]! - m.value[a]!);
  insertPass(st, order);
  swapPass(st, order);
  const delta = st.obj - before;
  const t = anneal?.temperature ?? 0;
  const accept = delta >= -1e-9 || (t > 0 && rng() < Math.exp(delta / t));
  if (!accept || !st.minFillOk() || !st.quotaOk()) {
    st.copyFrom(backup);
    return false;
  }
  return true;
}
