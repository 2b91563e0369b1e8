// A binary min-heap on (time, insertion order): the twin's agenda of simulated time. Ties keep the
// order of insertion, so the run is deterministic.

export interface Timed {
  readonly t: number;
}

export class Agenda<T extends Timed> {
  private readonly items: Array<{ t: number; n: number; v: T }> = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(v: T): void {
    const e = { t: v.t, n: this.counter++, v };
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, e)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = e;
  }

  peekTime(): number | undefined {
    return this.items[0]?.t;
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(a[r]!, a[l]!) ? r : l;
        if (less(last, a[c]!)) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top.v;
  }
}

function less(x: { t: number; n: number }, y: { t: number; n: number }): boolean {
  return x.t < y.t || (x.t === y.t && x.n < y.n);
}
