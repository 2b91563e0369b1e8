/**
 * Customs clearance of a declaration (报关单), pure: the state follows the customs events of its boxes
 * as Tracking stores them (DCSA EQUIPMENT events, classifier ACT): CUSS selected for scan, CUSI
 * selected for inspection, CUSR released. The declaration is released when every one of its boxes is
 * released (or, for a declaration without boxes, when customs releases the declaration itself);
 * before that it shows the strongest control any of its boxes is under (inspection > scan >
 * submitted). A retracted event (DCSA retraction: a later event of the same device names it in
 * retractedEventId; both stay stored) no longer counts, so a retraction can move the state back. A
 * release whose inventory lists were already deducted is not silently undone: when its release is
 * retracted, the declaration goes to `review` — an officer decides (release again, or reject and
 * correct the bonded ledger by hand). A rejection is an officer's decision, not an event; after it,
 * events no longer move the declaration.
 *
 * The declaration number follows the 18-digit 报关单号: customs district (4) + year (4) + import/export
 * flag (1: import 1, export 0; Lugang uses 2 for transit) + sequence (9).
 */
import type { Bilingual } from '../../domain/text';

export const DECLARATION_TYPES = ['import', 'export', 'transit'] as const;
export type DeclarationType = (typeof DECLARATION_TYPES)[number];

export const CUSTOMS_CODES = ['CUSS', 'CUSI', 'CUSR'] as const;
export type CustomsCode = (typeof CUSTOMS_CODES)[number];

export const CLEARANCE_STATES = [
  'submitted',
  'scan',
  'inspection',
  'released',
  'review',
  'rejected',
] as const;
export type ClearanceState = (typeof CLEARANCE_STATES)[number];

export const STATE_NAMES: Record<ClearanceState, Bilingual> = {
  submitted: { en: 'submitted', zh: '已申报' },
  scan: { en: 'selected for scan', zh: '机检查验' },
  inspection: { en: 'selected for inspection', zh: '人工查验' },
  released: { en: 'released', zh: '已放行' },
  review: { en: 'release retracted — awaiting an officer', zh: '放行已撤回，待关员处理' },
  rejected: { en: 'rejected', zh: '已退单' },
};

export const DECISIONS = ['scan', 'inspect', 'release', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_CODE: Record<Exclude<Decision, 'reject'>, CustomsCode> = {
  scan: 'CUSS',
  inspect: 'CUSI',
  release: 'CUSR',
};

export interface CustomsEventFact {
  readonly code: string;
  /** The box, or null for an event about the whole declaration (one without boxes). */
  readonly equipment: string | null;
  /** A later event of the same device retracted it: it no longer counts (it stays in the history). */
  readonly retracted?: boolean;
}

export function isOpen(state: ClearanceState): boolean {
  return state !== 'released' && state !== 'rejected';
}

/** The clearance state the events that stand give (rejection and review are decided elsewhere). */
export function clearanceOf(
  boxes: readonly string[],
  all: readonly CustomsEventFact[],
): Exclude<ClearanceState, 'rejected' | 'review'> {
  const events = all.filter((e) => !e.retracted);
  if (events.some((e) => e.code === 'CUSR' && e.equipment === null)) return 'released';
  const released = new Set(events.filter((e) => e.code === 'CUSR' && e.equipment).map((e) => e.equipment));
  if (boxes.length > 0 && boxes.every((b) => released.has(b))) return 'released';
  const mine = events.filter((e) => e.equipment === null || boxes.includes(e.equipment));
  if (mine.some((e) => e.code === 'CUSI')) return 'inspection';
  if (mine.some((e) => e.code === 'CUSS')) return 'scan';
  return 'submitted';
}

/**
 * The state a declaration moves to: a rejection stands; otherwise the events decide, except that a
 * declaration whose inventory lists were deducted (stock moved on a release) and whose release no
 * longer stands goes to `review` rather than back to an earlier state.
 */
export function nextState(
  current: ClearanceState,
  boxes: readonly string[],
  events: readonly CustomsEventFact[],
  listsDeducted: boolean,
): ClearanceState {
  if (current === 'rejected') return 'rejected';
  const byEvents = clearanceOf(boxes, events);
  if (byEvents === 'released') return 'released';
  return listsDeducted ? 'review' : byEvents;
}

/** Why a declaration is in review (shown with it). */
export function reviewReason(retracted: readonly { code: string; eventId: string }[]): Bilingual {
  const ids = retracted.map((r) => `${r.code} ${r.eventId}`).join(', ');
  return {
    en: `the release was retracted (${ids}) after the inventory lists were deducted; the deduction stays — an officer decides: release again, or reject and correct the bonded ledger`,
    zh: `核注清单已核扣后放行被撤回（${ids}）；核扣不自动撤销——请关员决定：重新放行，或退单并在保税账册中更正`,
  };
}

/** 报关单号 from its parts. */
export function declarationNo(port: string, year: number, type: DeclarationType, seq: number): string {
  const flag = type === 'import' ? '1' : type === 'export' ? '0' : '2';
  return `${port}${year}${flag}${String(seq).padStart(9, '0')}`;
}

/** The book an inventory list number (核注清单编号 QD + 12-character book no. + 6-digit seq.) belongs to. */
export function bookOfList(listNo: string): string | null {
  const m = /^QD([A-Z0-9]{12})(\d{6})$/.exec(listNo);
  return m ? m[1]! : null;
}
