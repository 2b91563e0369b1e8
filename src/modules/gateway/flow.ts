// Exact solver of the gateway slot assignment as a min-cost flow: trains are inserted one at a time
// and each insertion follows a shortest augmenting path (successive shortest paths with Johnson
// potentials). The residual graph is collapsed onto the slots: an arc s → s' stands for "move the
// cheapest-to-move train now in s to s'", so each Dijkstra runs on (open slots + 2) nodes, not on
// trains × slots. Ties are broken towards crossing rather than staying unscheduled. Pure code.
import type { GatewayModel } from './model';

export interface Assignment {
  /** Slot of each train; model.nSlots means unscheduled. */
  readonly slotOf: Int32Array;
  /** Trains per slot (index nSlots: unscheduled count). */
  readonly load: Int32Array;
  /** Total true cost. */
  readonly objective: number;
}

/** Growable list of trains in one slot with O(1) removal (swap with last). */
class Members {
  items: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(4, capacity));
  }
  push(x: number, pos: Int32Array): void {
    if (this.size === this.items.length) {
      const next = new Int32Array(this.items.length * 2);
      next.set(this.items);
      this.items = next;
    }
    pos[x] = this.size;
    this.items[this.size++] = x;
  }
  remove(x: number, pos: Int32Array): void {
    const k = pos[x] as number;
    const last = this.items[--this.size] as number;
    this.items[k] = last;
    pos[last] = k;
  }
}

export function solveAssignment(m: GatewayModel): Assignment {
  const S = m.nSlots; // index of the unscheduled pseudo-slot
  const V = S + 1; // slot nodes incl. unscheduled
  const T = V; // super sink
  const n = m.nTrains;
  const { arcStart, arcSlot, arcCost, slotCap } = m;

  // Scaled costs: M·cost − 1 for a real slot, M·cost for unscheduled (M > n), so among optimal plans
  // the one crossing the most trains wins. Used only if every scaled total stays an exact integer.
  let maxTotal = 0;
  for (let i = 0; i < n; i++) {
    let mx = 0;
    for (let a = arcStart[i] as number; a < (arcStart[i + 1] as number); a++)
      mx = Math.max(mx, arcCost[a] as number);
    maxTotal += mx;
  }
  const M = n + 1;
  const scale = (maxTotal + 1) * M * 4 < Number.MAX_SAFE_INTEGER;
  const cost = new Float64Array(arcCost.length);
  for (let i = 0; i < n; i++) {
    const end = (arcStart[i + 1] as number) - 1; // the unscheduled arc
    for (let a = arcStart[i] as number; a <= end; a++) {
      cost[a] = scale ? (arcCost[a] as number) * M - (a === end ? 0 : 1) : (arcCost[a] as number);
    }
  }

  const cap = new Int32Array(V);
  cap.set(slotCap);
  cap[S] = n + 1; // never full
  const load = new Int32Array(V);
  const slotOf = new Int32Array(n).fill(-1);
  const curCost = new Float64Array(n);
  const pos = new Int32Array(n);
  const members: Members[] = [];
  for (let s = 0; s < V; s++) members.push(new Members(s === S ? 16 : (cap[s] as number)));

  // edgeMin[u*V+v]: min over trains j in u allowed in v of cost(j,v) − cost(j,u); edgeArg: that j.
  // rowCols[u*V .. u*V+rowLen[u]-1]: the columns v with a finite edgeMin[u*V+v] (sparse adjacency).
  const edgeMin = new Float64Array(V * V).fill(Number.POSITIVE_INFINITY);
  const edgeArg = new Int32Array(V * V).fill(-1);
  const rowCols = new Int32Array(V * V);
  const rowLen = new Int32Array(V);
  const addToRow = (u: number, j: number): void => {
    const base = u * V;
    const cj = curCost[j] as number;
    for (let a = arcStart[j] as number; a < (arcStart[j + 1] as number); a++) {
      const v = arcSlot[a] as number;
      if (v === u) continue;
      const k = (cost[a] as number) - cj;
      const old = edgeMin[base + v] as number;
      if (k < old) {
        if (old === Number.POSITIVE_INFINITY) {
          rowCols[base + (rowLen[u] as number)] = v;
          rowLen[u] = (rowLen[u] as number) + 1;
        }
        edgeMin[base + v] = k;
        edgeArg[base + v] = j;
      }
    }
  };
  const rebuildRow = (u: number): void => {
    const base = u * V;
    for (let k = 0; k < (rowLen[u] as number); k++) {
      const v = rowCols[base + k] as number;
      edgeMin[base + v] = Number.POSITIVE_INFINITY;
      edgeArg[base + v] = -1;
    }
    rowLen[u] = 0;
    const mem = members[u] as Members;
    for (let k = 0; k < mem.size; k++) addToRow(u, mem.items[k] as number);
  };

  const pot = new Float64Array(V + 1);
  const dist = new Float64Array(V + 1);
  const prev = new Int32Array(V + 1);
  const done = new Uint8Array(V + 1);
  const touched = new Uint8Array(V);
  const lost = new Uint8Array(V);
  const pathTrains: number[] = [];
  const pathFrom: number[] = [];
  const pathTo: number[] = [];

  const frontier = new Int32Array(V); // reached, unsettled slot nodes
  // Insertion order does not change the optimum, only the work: latest arrivals first (their windows
  // are narrow and late, so the early slots stay free for the trains that need them), heavier first.
  const order = Array.from({ length: n }, (_, k) => k).sort(
    (a, b) =>
      (m.arrival[b] as number) - (m.arrival[a] as number) ||
      (m.weight[b] as number) - (m.weight[a] as number) ||
      a - b,
  );
  for (const i of order) {
    dist.fill(Number.POSITIVE_INFINITY);
    prev.fill(-1);
    done.fill(0);
    let nf = 0;
    const aEnd = arcStart[i + 1] as number;
    for (let a = arcStart[i] as number; a < aEnd; a++) {
      const v = arcSlot[a] as number;
      const d = (cost[a] as number) - (pot[v] as number);
      if ((dist[v] as number) === Number.POSITIVE_INFINITY) frontier[nf++] = v;
      if (d < (dist[v] as number)) dist[v] = d;
    }
    // Dijkstra on the slot nodes + the sink T (dense rows, scanned through their sparse column
    // lists); stops as soon as the sink is the closest unsettled node.
    for (;;) {
      let k = -1;
      let best = Number.POSITIVE_INFINITY;
      for (let f = 0; f < nf; f++) {
        const dv = dist[frontier[f] as number] as number;
        if (dv < best) {
          best = dv;
          k = f;
        }
      }
      if ((dist[T] as number) <= best) break;
      if (k < 0)
        throw new Error('gateway flow: sink unreachable (cannot happen: unscheduled is always open)');
      const u = frontier[k] as number;
      frontier[k] = frontier[--nf] as number;
      done[u] = 1;
      const pu = (pot[u] as number) + best;
      if ((load[u] as number) < (cap[u] as number)) {
        const nd = pu - (pot[T] as number);
        if (nd < (dist[T] as number)) {
          dist[T] = nd;
          prev[T] = u;
        }
      }
      const base = u * V;
      const len = rowLen[u] as number;
      for (let c = 0; c < len; c++) {
        const v = rowCols[base + c] as number;
        if (done[v] !== 0) continue;
        const nd = pu + (edgeMin[base + v] as number) - (pot[v] as number);
        const dv = dist[v] as number;
        if (nd < dv) {
          if (dv === Number.POSITIVE_INFINITY) frontier[nf++] = v;
          dist[v] = nd;
          prev[v] = u;
        }
      }
    }
    const dT = dist[T] as number;
    for (let v = 0; v <= V; v++) {
      const d = dist[v] as number;
      pot[v] = (pot[v] as number) + Math.min(d, dT);
    }

    // Walk the path back from the free slot it ends at; record the moves before applying any.
    pathTrains.length = 0;
    pathFrom.length = 0;
    pathTo.length = 0;
    let t = prev[T] as number;
    const end = t;
    while ((prev[t] as number) >= 0) {
      const u = prev[t] as number;
      pathTrains.push(edgeArg[u * V + t] as number);
      pathFrom.push(u);
      pathTo.push(t);
      t = u;
    }
    pathTrains.push(i);
    pathFrom.push(-1);
    pathTo.push(t);
    load[end] = (load[end] as number) + 1;

    for (let k = 0; k < pathTrains.length; k++) {
      const j = pathTrains[k] as number;
      const from = pathFrom[k] as number;
      const to = pathTo[k] as number;
      if (from >= 0) {
        (members[from] as Members).remove(j, pos);
        lost[from] = 1;
        touched[from] = 1;
      }
      (members[to] as Members).push(j, pos);
      touched[to] = 1;
      slotOf[j] = to;
      let c = Number.NaN;
      for (let a = arcStart[j] as number; a < (arcStart[j + 1] as number); a++) {
        if (arcSlot[a] === to) {
          c = cost[a] as number;
          break;
        }
      }
      curCost[j] = c;
    }
    for (let k = 0; k < pathTrains.length; k++) {
      const to = pathTo[k] as number;
      const from = pathFrom[k] as number;
      if (touched[to] === 1) {
        if (lost[to] === 1) rebuildRow(to);
        else addToRow(to, pathTrains[k] as number);
      }
      if (from >= 0 && touched[from] === 1 && lost[from] === 1) {
        rebuildRow(from);
        touched[from] = 0;
        lost[from] = 0;
      }
    }
    // A slot that only gained trains got incremental updates; clear the flags for the next round.
    for (let k = 0; k < pathTo.length; k++) {
      touched[pathTo[k] as number] = 0;
      lost[pathTo[k] as number] = 0;
    }
  }

  let objective = 0;
  for (let j = 0; j < n; j++) {
    const s = slotOf[j] as number;
    for (let a = arcStart[j] as number; a < (arcStart[j + 1] as number); a++) {
      if (arcSlot[a] === s) {
        objective += arcCost[a] as number;
        break;
      }
    }
  }
  return { slotOf, load: Int32Array.from(load), objective };
}
