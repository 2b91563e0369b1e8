// The same load-plan problem as a MIP for HiGHS (the reference in the benchmark): x[c,w,p,s] = box c in
// wagon w, platform p, slot s; slot exclusivity, pairing, weights per platform / wagon / bogie / train,
// dangerous-goods positions; maximise Σ value. Built with bench/lib/lp.ts.
import type { LoadPlanInstance } from '../../../src/modules/planning/load/contract';
import { LpBuilder, type Term } from '../../lib/lp';

const SLOTS = ['F', 'A', 'B'] as const;

/**
 * HiGHS stops at a 0.01 % relative gap by default; values are integers here, so ask for a proof to
 * within less than 1 (an exact optimum) before it may say "optimal".
 */
export const HIGHS_EXACT = { mip_rel_gap: 0, mip_abs_gap: 0.999 } as const;

export interface LoadMip {
  readonly lp: string;
  /** Variable name → [container index, wagon index, platform, slot]. */
  readonly vars: Map<string, [number, number, number, 'F' | 'A' | 'B']>;
  readonly builder: LpBuilder;
}

export function buildLoadMip(inst: LoadPlanInstance): LoadMip {
  const r = inst.rules;
  const lp = new LpBuilder('maximize');
  const types = new Map(inst.wagonTypes.map((t) => [t.code, t]));
  const vars = new Map<string, [number, number, number, 'F' | 'A' | 'B']>();
  const byBox: Term[][] = inst.containers.map(() => []);
  const trainTerms: Term[] = [];
  inst.wagons.forEach((wagon, wi) => {
    const t = types.get(wagon.type);
    if (t === undefined) return;
    const wagonTerms: Term[] = [];
    const dgTerms: Term[] = [];
    const slotTerms = new Map<string, Term[]>();
    t.platforms.forEach((plat, pi) => {
      const slotCount: Record<string, Term[]> = { F: [], A: [], B: [] };
      const slotKg: Record<string, Term[]> = { F: [], A: [], B: [] };
      inst.containers.forEach((c, ci) => {
        if (c.lengthFt === 20 && c.grossKg > r.twentyFootMaxKg) return;
        if (c.grossKg > plat.maxKg || c.grossKg > t.maxPayloadKg) return;
        if (c.dg !== null && wi < r.dgFirstWagonsForbidden) return;
        for (const s of SLOTS) {
          if (s === 'F' && (c.lengthFt > plat.lengthFt || (c.lengthFt === 20 && r.twentyFootMustPair)))
            continue;
          if (s !== 'F' && (c.lengthFt !== 20 || plat.lengthFt < 40)) continue;
          const name = `x_${ci}_${wi}_${pi}_${s}`;
          lp.addVar(name, { type: 'binary', obj: c.value });
          vars.set(name, [ci, wi, pi, s]);
          byBox[ci]?.push([1, name]);
          slotCount[s]?.push([1, name]);
          slotKg[s]?.push([c.grossKg, name]);
          wagonTerms.push([c.grossKg, name]);
          trainTerms.push([c.grossKg, name]);
          if (c.dg !== null) dgTerms.push([1, name]);
          slotTerms.set(`${pi}.${s}`, [...(slotTerms.get(`${pi}.${s}`) ?? []), [c.grossKg, name]]);
        }
      });
      const k = `w${wi}_p${pi}`;
      const F = slotCount.F ?? [];
      const A = slotCount.A ?? [];
      const B = slotCount.B ?? [];
      lp.addConstraint(`fa_${k}`, [...F, ...A], '<=', 1);
      lp.addConstraint(`fb_${k}`, [...F, ...B], '<=', 1);
      const kgA = slotKg.A ?? [];
      const kgB = slotKg.B ?? [];
      if (r.twentyFootMustPair) {
        if (A.length + B.length > 0)
          lp.addConstraint(`pair_${k}`, [...A, ...B.map(([c, v]) => [-c, v] as const)], '=', 0);
        if (kgA.length + kgB.length > 0) {
          lp.addConstraint(
            `dab_${k}`,
            [...kgA, ...kgB.map(([c, v]) => [-c, v] as const)],
            '<=',
            r.pairMaxDiffKg,
          );
          lp.addConstraint(
            `dba_${k}`,
            [...kgB, ...kgA.map(([c, v]) => [-c, v] as const)],
            '<=',
            r.pairMaxDiffKg,
          );
        }
      } else if (kgA.length + kgB.length > 0) {
        // |kgA − kgB| ≤ D when both slots are used: big-M on the other slot's occupancy.
        const M = r.twentyFootMaxKg;
        lp.addConstraint(
          `dab_${k}`,
          [...kgA, ...kgB.map(([c, v]) => [-c, v] as const), ...B.map(([, v]) => [M, v] as const)],
          '<=',
          r.pairMaxDiffKg + M,
        );
        lp.addConstraint(
          `dba_${k}`,
          [...kgB, ...kgA.map(([c, v]) => [-c, v] as const), ...A.map(([, v]) => [M, v] as const)],
          '<=',
          r.pairMaxDiffKg + M,
        );
      }
      const all = [...(slotKg.F ?? []), ...kgA, ...kgB];
      if (all.length > 0) lp.addConstraint(`pkg_${k}`, all, '<=', plat.maxKg);
    });
    if (wagonTerms.length > 0) lp.addConstraint(`wkg_${wi}`, wagonTerms, '<=', t.maxPayloadKg);
    (t.bogies ?? []).forEach((b, bi) => {
      const terms: Term[] = [];
      for (const [key, share] of Object.entries(b.share)) {
        for (const [kg, v] of slotTerms.get(key) ?? []) if (share > 0) terms.push([share * kg, v]);
      }
      if (terms.length > 0) lp.addConstraint(`bog_${wi}_${bi}`, terms, '<=', b.maxKg);
    });
    if (dgTerms.length > 0 || r.dgAdjacentWagonsForbidden) {
      lp.addVar(`d_${wi}`, { type: 'binary', ub: wi < r.dgFirstWagonsForbidden ? 0 : 1 });
      if (dgTerms.length > 0)
        lp.addConstraint(`dg_${wi}`, [...dgTerms, [-dgTerms.length, `d_${wi}`]], '<=', 0);
      if (r.dgAdjacentWagonsForbidden && wi > 0) {
        lp.addConstraint(
          `adj_${wi}`,
          [
            [1, `d_${wi - 1}`],
            [1, `d_${wi}`],
          ],
          '<=',
          1,
        );
      }
    }
  });
  byBox.forEach((terms, ci) => {
    if (terms.length > 1) lp.addConstraint(`once_${ci}`, terms, '<=', 1);
  });
  if (trainTerms.length > 0) lp.addConstraint('train', trainTerms, '<=', r.trainMaxCargoKg);
  return { lp: lp.toString(), vars, builder: lp };
}
