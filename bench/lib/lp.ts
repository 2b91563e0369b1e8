// Tiny builder for CPLEX LP format text (the format HiGHS reads): objective, constraints, bounds,
// generals and binaries. Names are sanitised to what the format allows and kept unique; the builder
// maps the caller's names to the written ones (see `colName`) so solutions can be read back.

export type Sense = 'minimize' | 'maximize';
export type VarType = 'continuous' | 'integer' | 'binary';
export type Op = '<=' | '>=' | '=';
/** A linear term: [coefficient, variable name as given to `addVar`]. */
export type Term = readonly [number, string];

export interface VarSpec {
  /** Lower bound, default 0; may be -Infinity. */
  readonly lb?: number;
  /** Upper bound, default +Infinity. */
  readonly ub?: number;
  readonly type?: VarType;
  /** Objective coefficient, default 0. */
  readonly obj?: number;
}

interface Var {
  readonly written: string;
  lb: number;
  ub: number;
  type: VarType;
  obj: number;
}

interface Row {
  readonly name: string;
  readonly terms: Map<string, number>;
  readonly op: Op;
  readonly rhs: number;
}

const MAX_LINE = 200;

/** Makes a name the LP format accepts: [A-Za-z0-9_.] only, not starting with a digit, '.' or e/E. */
export function sanitizeName(name: string, prefix = 'x'): string {
  let s = name.replace(/[^A-Za-z0-9_.]/g, '_');
  if (s === '' || /^[0-9.eE]/.test(s)) s = `${prefix}_${s}`;
  return s.slice(0, 240);
}

function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`LP coefficient must be finite, got ${x}`);
  return String(x);
}

export class LpBuilder {
  private readonly vars = new Map<string, Var>();
  private readonly rows: Row[] = [];
  private readonly used = new Set<string>();
  private objConstant = 0;

  constructor(private readonly sense: Sense = 'minimize') {}

  private unique(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Declares a variable; returns the name written into the LP text. Redeclaring throws. */
  addVar(name: string, spec: VarSpec = {}): string {
    if (this.vars.has(name)) throw new Error(`variable ${name} declared twice`);
    const type = spec.type ?? 'continuous';
    const v: Var = {
      written: this.unique(sanitizeName(name, 'x')),
      lb: spec.lb ?? 0,
      ub: spec.ub ?? (type === 'binary' ? 1 : Number.POSITIVE_INFINITY),
      type,
      obj: spec.obj ?? 0,
    };
    this.vars.set(name, v);
    return v.written;
  }

  /** Adds `coef` to the objective coefficient of `name`. */
  addObjective(name: string, coef: number): void {
    this.mustVar(name).obj += coef;
  }

  /** Adds a constant to the objective (written as a fixed offset). */
  addObjectiveConstant(c: number): void {
    this.objConstant += c;
  }

  /** Adds a constraint Σ coef·var op rhs; repeated variables are merged. Returns the written name. */
  addConstraint(name: string, terms: readonly Term[], op: Op, rhs: number): string {
    const merged = new Map<string, number>();
    for (const [c, v] of terms) {
      this.mustVar(v);
      merged.set(v, (merged.get(v) ?? 0) + c);
    }
    const written = this.unique(sanitizeName(name, 'c'));
    this.rows.push({ name: written, terms: merged, op, rhs });
    return written;
  }

  /** The LP-text name of a declared variable. */
  colName(name: string): string {
    return this.mustVar(name).written;
  }

  get numVars(): number {
    return this.vars.size;
  }

  get numConstraints(): number {
    return this.rows.length;
  }

  private mustVar(name: string): Var {
    const v = this.vars.get(name);
    if (v === undefined) throw new Error(`unknown variable ${name}`);
    return v;
  }

  private linear(terms: Iterable<readonly [string, number]>): string[] {
    const parts: string[] = [];
    for (const [written, c] of terms) {
      const sign = c < 0 || Object.is(c, -0) ? '-' : '+';
      const a = Math.abs(c);
      parts.push(`${parts.length === 0 && sign === '+' ? '' : `${sign} `}${num(a)} ${written}`);
    }
    return parts;
  }

  private static wrap(head: string, parts: readonly string[], tail = ''): string {
    const lines: string[] = [];
    let line = head;
    for (const p of parts) {
      if (line.length + p.length + 1 > MAX_LINE && line.trim() !== '') {
        lines.push(line);
        line = '   ';
      }
      line += ` ${p}`;
    }
    line += tail;
    lines.push(line);
    return lines.join('\n');
  }

  /** Writes the model as CPLEX LP text. */
  toString(): string {
    const out: string[] = [];
    const first = this.vars.values().next().value as Var | undefined;
    out.push(this.sense === 'minimize' ? 'Minimize' : 'Maximize');
    // Every variable appears in the objective (coefficient 0 if need be) so HiGHS keeps its column.
    const objParts = this.linear([...this.vars.values()].map((v) => [v.written, v.obj] as const));
    if (this.objConstant !== 0)
      objParts.push(`${this.objConstant < 0 ? '-' : '+'} ${num(Math.abs(this.objConstant))}`);
    if (objParts.length === 0) objParts.push('0');
    out.push(LpBuilder.wrap(' obj:', objParts));
    out.push('Subject To');
    for (const r of this.rows) {
      let parts = this.linear([...r.terms].map(([v, c]) => [this.mustVar(v).written, c] as const));
      if (parts.length === 0) {
        if (first === undefined) continue;
        parts = [`0 ${first.written}`];
      }
      out.push(LpBuilder.wrap(` ${r.name}:`, parts, ` ${r.op} ${num(r.rhs)}`));
    }
    out.push('Bounds');
    for (const v of this.vars.values()) {
      if (v.type === 'binary' && v.lb === 0 && v.ub === 1) continue;
      const lb = v.lb === Number.NEGATIVE_INFINITY ? '-inf' : num(v.lb);
      const ub = v.ub === Number.POSITIVE_INFINITY ? '+inf' : num(v.ub);
      if (v.lb === 0 && v.ub === Number.POSITIVE_INFINITY) continue;
      out.push(` ${lb} <= ${v.written} <= ${ub}`);
    }
    const generals = [...this.vars.values()].filter((v) => v.type === 'integer').map((v) => v.written);
    const binaries = [...this.vars.values()].filter((v) => v.type === 'binary').map((v) => v.written);
    if (generals.length > 0) out.push('Generals', LpBuilder.wrap('', generals));
    if (binaries.length > 0) out.push('Binaries', LpBuilder.wrap('', binaries));
    out.push('End');
    return `${out.join('\n')}\n`;
  }
}
