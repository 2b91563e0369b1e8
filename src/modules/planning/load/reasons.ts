// Why a box stays off the train: the rule that excludes it on its own (checked before the search),
// or, after the search, the resource that ran out. Each reason in English and Chinese.
import { type Box, fitsAlone, type Model, slotsFor } from './model';

export interface Reason {
  readonly en: string;
  readonly zh: string;
}

/** The reason a box can never be loaded in this instance, or null if it could ride on its own. */
export function intrinsicReason(m: Model, box: Box): Reason | null {
  if (m.wagons.length === 0) return { en: 'the train has no wagons', zh: '本列车没有车辆' };
  if (box.len === 20 && box.kg > m.twentyMaxKg) {
    return {
      en: `20-ft box of ${box.kg} kg is above the 20-ft limit of ${m.twentyMaxKg} kg`,
      zh: `20英尺箱重 ${box.kg} kg，超过20英尺箱限重 ${m.twentyMaxKg} kg`,
    };
  }
  let longEnough = false;
  let light = false;
  for (const w of m.wagons) {
    w.type.platforms.forEach((plat, p) => {
      for (const s of slotsFor(m, box, plat.lengthFt)) {
        longEnough = true;
        if (fitsAlone(w.type, p, s, box.kg) && (!box.dg || w.dgAllowed)) light = true;
      }
    });
  }
  if (!longEnough) {
    return box.len === 20
      ? {
          en: 'no platform of at least 40 ft for a pair of 20-ft boxes',
          zh: '没有可装两个20英尺箱的40英尺及以上平台',
        }
      : {
          en: `no platform is long enough for a ${box.len}-ft box`,
          zh: `没有足够长的平台装载 ${box.len} 英尺箱`,
        };
  }
  if (!light) {
    if (box.dg && m.wagons.every((w) => !w.dgAllowed)) {
      return {
        en: 'dangerous goods: no wagon of this train may carry them (all within the first forbidden positions)',
        zh: '危险品：本列车没有允许装载危险品的车辆（均位于机车后禁装位置）',
      };
    }
    return {
      en: `${box.kg} kg is more than any platform, wagon or bogie of this train may carry`,
      zh: `${box.kg} kg 超过本列车任何平台、车辆或转向架的承载能力`,
    };
  }
  if (box.value <= 0) return { en: 'the box has no value to gain (value 0)', zh: '该箱价值为 0，装载无收益' };
  return null;
}

/** 20-ft boxes (eligible ones) that have no partner within pairMaxDiffKg when pairs are compulsory. */
export function unpairable(m: Model, eligible: readonly Box[]): Set<number> {
  const out = new Set<number>();
  if (!m.mustPair) return out;
  const t = eligible.filter((b) => b.len === 20).sort((a, b) => a.kg - b.kg);
  t.forEach((b, i) => {
    const prev = t[i - 1];
    const next = t[i + 1];
    const ok =
      (prev !== undefined && b.kg - prev.kg <= m.pairMaxDiffKg) ||
      (next !== undefined && next.kg - b.kg <= m.pairMaxDiffKg);
    if (!ok) out.add(b.idx);
  });
  return out;
}

export const NO_PARTNER: Reason = {
  en: '20-ft boxes ride in pairs and no other 20-ft box is within the allowed weight difference',
  zh: '20英尺箱须成对装载，但没有重量差在允许范围内的另一个20英尺箱',
};

/** Reason for an eligible box left off by the optimisation. */
export function capacityReason(
  m: Model,
  box: Box,
  loadedKg: number,
  freePlatforms: number,
  dgFull: boolean,
): Reason {
  const left = m.trainMaxKg - loadedKg;
  if (box.kg > left) {
    return {
      en: `train cargo limit reached: ${left} kg left of ${m.trainMaxKg} kg, the box weighs ${box.kg} kg`,
      zh: `已达列车载重上限：${m.trainMaxKg} kg 中仅剩 ${left} kg，该箱重 ${box.kg} kg`,
    };
  }
  if (box.dg && dgFull) {
    return {
      en: 'dangerous-goods placement rules: no free wagon away from the locomotive and from other dangerous goods',
      zh: '危险品配置规则：没有远离机车且不与其他危险品车辆相邻的空闲车辆',
    };
  }
  if (freePlatforms === 0) {
    return {
      en: `capacity: every platform carries boxes of higher value (this box: value ${box.value})`,
      zh: `运力不足：所有平台已装载价值更高的箱（本箱价值 ${box.value}）`,
    };
  }
  return {
    en: `lower value than the loaded boxes: taking it would cost more weight, platform or pairing room than it brings (value ${box.value})`,
    zh: `价值低于已装箱：装载它所占用的重量、平台或配对空间得不偿失（价值 ${box.value}）`,
  };
}
