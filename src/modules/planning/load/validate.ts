// Independent checker of a train load plan against its instance: every rule of contracts/planning.md
// §1, written plainly and separately from the solver (it imports nothing of it). Returns the list of
// broken rules (empty = valid) and the recomputed objective.
import type { LoadPlanInstance, LoadPlanSolution } from './contract';

export interface LoadPlanCheck {
  readonly errors: string[];
  readonly objective: number;
}

const EPS = 1e-6;

export function validateLoadPlan(inst: LoadPlanInstance, sol: LoadPlanSolution): LoadPlanCheck {
  const errors: string[] = [];
  const rules = inst.rules;
  const boxes = new Map(inst.containers.map((c) => [c.id, c]));
  const types = new Map(inst.wagonTypes.map((t) => [t.code, t]));
  const wagonIndex = new Map(inst.wagons.map((w, i) => [w.id, i]));

  if (sol.instanceId !== inst.id) errors.push(`instanceId ${sol.instanceId} is not ${inst.id}`);

  // Every container exactly once.
  const seen = new Map<string, number>();
  for (const p of sol.placements) seen.set(p.container, (seen.get(p.container) ?? 0) + 1);
  for (const u of sol.unloaded) {
    seen.set(u.container, (seen.get(u.container) ?? 0) + 1);
    if (u.reason.trim() === '') errors.push(`unloaded ${u.container} has no reason`);
  }
  for (const c of inst.containers) {
    const n = seen.get(c.id) ?? 0;
    if (n !== 1) errors.push(`container ${c.id} appears ${n} times`);
  }
  for (const id of seen.keys()) if (!boxes.has(id)) errors.push(`unknown container ${id}`);

  // Contents of each wagon: wagonIdx -> platformIdx -> slot -> grossKg list.
  const content = new Map<string, { kg: number; len: number; dg: boolean }[]>();
  let objective = 0;
  let trainKg = 0;
  const dgWagon: boolean[] = inst.wagons.map(() => false);
  const wagonKg: number[] = inst.wagons.map(() => 0);
  for (const p of sol.placements) {
    const box = boxes.get(p.container);
    const wi = wagonIndex.get(p.wagon);
    if (box === undefined) continue;
    if (wi === undefined) {
      errors.push(`placement of ${p.container}: unknown wagon ${p.wagon}`);
      continue;
    }
    const wagon = inst.wagons[wi];
    const type = wagon === undefined ? undefined : types.get(wagon.type);
    const plat = type?.platforms[p.platform];
    if (type === undefined || plat === undefined) {
      errors.push(`placement of ${p.container}: wagon ${p.wagon} has no platform ${p.platform}`);
      continue;
    }
    if (p.slot === 'F' && box.lengthFt > plat.lengthFt) {
      errors.push(
        `${box.id} (${box.lengthFt} ft) is longer than platform ${p.wagon}.${p.platform} (${plat.lengthFt} ft)`,
      );
    }
    if ((p.slot === 'A' || p.slot === 'B') && box.lengthFt !== 20) {
      errors.push(`${box.id} is ${box.lengthFt} ft and may not use slot ${p.slot}`);
    }
    // Slots A and B hold two 20-ft boxes one behind the other: the platform must be at least 40 ft.
    if ((p.slot === 'A' || p.slot === 'B') && plat.lengthFt < 40) {
      errors.push(`${box.id}: slot ${p.slot} on ${p.wagon}.${p.platform} needs a platform of at least 40 ft`);
    }
    if (box.lengthFt === 20 && box.grossKg > rules.twentyFootMaxKg) {
      errors.push(
        `${box.id}: 20-ft box of ${box.grossKg} kg exceeds twentyFootMaxKg ${rules.twentyFootMaxKg}`,
      );
    }
    const key = `${wi}.${p.platform}.${p.slot}`;
    const list = content.get(key) ?? [];
    list.push({ kg: box.grossKg, len: box.lengthFt, dg: box.dg !== null });
    content.set(key, list);
    objective += box.value;
    trainKg += box.grossKg;
    wagonKg[wi] = (wagonKg[wi] ?? 0) + box.grossKg;
    if (box.dg !== null) dgWagon[wi] = true;
  }

  inst.wagons.forEach((wagon, wi) => {
    const type = types.get(wagon.type);
    if (type === undefined) return;
    type.platforms.forEach((plat, pi) => {
      const f = content.get(`${wi}.${pi}.F`) ?? [];
      const a = content.get(`${wi}.${pi}.A`) ?? [];
      const b = content.get(`${wi}.${pi}.B`) ?? [];
      const where = `wagon ${wagon.id} platform ${pi}`;
      if (f.length > 1 || a.length > 1 || b.length > 1)
        errors.push(`${where}: a slot holds more than one box`);
      if (f.length > 0 && a.length + b.length > 0) errors.push(`${where}: slot F used together with A/B`);
      if (rules.twentyFootMustPair) {
        if (a.length !== b.length) errors.push(`${where}: 20-ft box without its pair partner`);
        if (f.some((x) => x.len === 20)) errors.push(`${where}: 20-ft box alone in slot F`);
      }
      const [boxA] = a;
      const [boxB] = b;
      if (boxA !== undefined && boxB !== undefined && Math.abs(boxA.kg - boxB.kg) > rules.pairMaxDiffKg) {
        errors.push(`${where}: pair differs by ${Math.abs(boxA.kg - boxB.kg)} kg > ${rules.pairMaxDiffKg}`);
      }
      const sum = [...f, ...a, ...b].reduce((s, x) => s + x.kg, 0);
      if (sum > plat.maxKg) errors.push(`${where}: ${sum} kg > platform maxKg ${plat.maxKg}`);
    });
    if ((wagonKg[wi] ?? 0) > type.maxPayloadKg) {
      errors.push(`wagon ${wagon.id}: ${wagonKg[wi]} kg > maxPayloadKg ${type.maxPayloadKg}`);
    }
    (type.bogies ?? []).forEach((bogie, bi) => {
      let load = 0;
      for (const [k, share] of Object.entries(bogie.share)) {
        for (const x of content.get(`${wi}.${k}`) ?? []) load += share * x.kg;
      }
      if (load > bogie.maxKg + EPS) errors.push(`wagon ${wagon.id} bogie ${bi}: ${load} kg > ${bogie.maxKg}`);
    });
    if (dgWagon[wi] && wi < rules.dgFirstWagonsForbidden) {
      errors.push(
        `wagon ${wagon.id} (index ${wi}) carries dangerous goods within the first ${rules.dgFirstWagonsForbidden}`,
      );
    }
    if (rules.dgAdjacentWagonsForbidden && wi > 0 && dgWagon[wi] && dgWagon[wi - 1]) {
      errors.push(`wagons ${inst.wagons[wi - 1]?.id} and ${wagon.id} both carry dangerous goods`);
    }
  });
  if (trainKg > rules.trainMaxCargoKg)
    errors.push(`train cargo ${trainKg} kg > trainMaxCargoKg ${rules.trainMaxCargoKg}`);

  if (Math.abs(objective - sol.objective) > EPS)
    errors.push(`objective ${sol.objective} but boxes sum to ${objective}`);
  if (sol.bound !== null && sol.bound < sol.objective - EPS)
    errors.push(`bound ${sol.bound} < objective ${sol.objective}`);
  if (sol.status === 'optimal' && (sol.bound === null || Math.abs(sol.bound - sol.objective) > EPS)) {
    errors.push('status optimal but bound differs from objective');
  }
  return { errors, objective };
}
