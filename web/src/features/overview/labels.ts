// Greedy map-label placement: in priority order, try a few spots around each point and keep the first
// that overlaps no placed label, no marker and stays inside the map; otherwise leave the label out
// (the place is still named in its tooltip). Pure and deterministic.

export interface LabelRequest {
  readonly id: string;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  /** Higher first. */
  readonly priority: number;
  readonly fontSize: number;
  /** Distance from the point to the label. */
  readonly gap: number;
}

export type Anchor = 'start' | 'end' | 'middle';

export interface PlacedLabel {
  readonly id: string;
  readonly text: string;
  /** Text anchor point (SVG x, baseline y). */
  readonly x: number;
  readonly y: number;
  readonly anchor: Anchor;
  readonly fontSize: number;
  readonly box: Box;
}

export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Rough text width: CJK glyphs are one em wide, others about 0.58 em. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    em += /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 1 : 0.58;
  }
  return em * fontSize;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

type Spot = 'right' | 'left' | 'above' | 'below' | 'aboveLeft' | 'belowLeft' | 'aboveRight' | 'belowRight';

function candidate(r: LabelRequest, where: Spot): Omit<PlacedLabel, 'fontSize'> {
  const w = textWidth(r.text, r.fontSize);
  const h = r.fontSize;
  const ascent = h * 0.8;
  const descent = h * 0.2;
  // Baseline y and anchor x for each spot; diagonal spots hug the point's side so long labels fit
  // near a map edge.
  const midY = r.y + h * 0.35;
  const aboveY = r.y - r.gap;
  const belowY = r.y + r.gap + ascent;
  const nudge = r.gap * 0.5;
  let x: number;
  let y: number;
  let anchor: Anchor;
  switch (where) {
    case 'right':
      [x, y, anchor] = [r.x + r.gap, midY, 'start'];
      break;
    case 'left':
      [x, y, anchor] = [r.x - r.gap, midY, 'end'];
      break;
    case 'above':
      [x, y, anchor] = [r.x, aboveY, 'middle'];
      break;
    case 'below':
      [x, y, anchor] = [r.x, belowY, 'middle'];
      break;
    case 'aboveLeft':
      [x, y, anchor] = [r.x + nudge, aboveY, 'end'];
      break;
    case 'belowLeft':
      [x, y, anchor] = [r.x + nudge, belowY, 'end'];
      break;
    case 'aboveRight':
      [x, y, anchor] = [r.x - nudge, aboveY, 'start'];
      break;
    case 'belowRight':
      [x, y, anchor] = [r.x - nudge, belowY, 'start'];
      break;
  }
  const x0 = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return { id: r.id, text: r.text, x, y, anchor, box: { x0, y0: y - ascent, x1: x0 + w, y1: y + descent } };
}

const SPOTS: readonly Spot[] = [
  'right',
  'left',
  'above',
  'below',
  'aboveLeft',
  'belowLeft',
  'aboveRight',
  'belowRight',
];

export function placeLabels(
  requests: readonly LabelRequest[],
  width: number,
  height: number,
  obstacles: readonly Box[] = [],
): PlacedLabel[] {
  const order = [...requests].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const placed: PlacedLabel[] = [];
  for (const r of order) {
    for (const spot of SPOTS) {
      const c = candidate(r, spot);
      const inside = c.box.x0 >= 2 && c.box.y0 >= 2 && c.box.x1 <= width - 2 && c.box.y1 <= height - 2;
      if (!inside) continue;
      if (placed.some((p) => overlaps(p.box, c.box))) continue;
      if (obstacles.some((o) => overlaps(o, c.box))) continue;
      placed.push({ ...c, fontSize: r.fontSize });
      break;
    }
  }
  return placed;
}
