// Pure helpers of the bonded page: the movement form's state turned into a request, the stock check
// (book balance = ledger sum for every item) and who may do what. No I/O.

import type { Book, BookItem, MovementRequest, MovementType } from './api';

export interface LineForm {
  /** Stable React key of the line while the form lives. */
  readonly key: number;
  readonly seqNo: string;
  readonly quantity: string;
  readonly toSeqNo: string;
}

export interface MovementForm {
  readonly id: string;
  readonly type: MovementType;
  readonly lines: readonly LineForm[];
  readonly toBookId: string;
  readonly reverses: string;
  readonly supervisionMode: string;
  readonly transportMode: string;
  readonly port: string;
  readonly note: string;
}

let lineKeys = 0;
export const emptyLine = (): LineForm => ({ key: ++lineKeys, seqNo: '', quantity: '', toSeqNo: '' });

/** A whole number typed by a person ("1 200", "-5"); the text itself when it is not one, so the server names it. */
function whole(text: string): number | string {
  const t = text.replace(/[\s,，]/g, '');
  return /^-?\d{1,15}$/.test(t) ? Number(t) : text;
}

/**
 * The request a form posts. Numbers that are not whole numbers are sent as typed: the server refuses
 * them naming the field (lines.0.quantity …), and the form shows that reason there.
 */
export function requestOf(f: MovementForm): MovementRequest {
  const declaration = {
    ...(f.supervisionMode.trim() ? { supervisionMode: f.supervisionMode.trim() } : {}),
    ...(f.transportMode.trim() ? { transportMode: f.transportMode.trim().toUpperCase() } : {}),
    ...(f.port.trim() ? { port: f.port.trim() } : {}),
  };
  const base = {
    id: f.id,
    type: f.type,
    ...(Object.keys(declaration).length > 0 ? { declaration } : {}),
    ...(f.note.trim() ? { note: f.note.trim() } : {}),
  };
  if (f.type === 'reversal') return { ...base, reverses: f.reverses.trim() };
  const lines = f.lines
    .filter((l) => l.seqNo.trim() !== '' || l.quantity.trim() !== '')
    .map((l) => ({
      seqNo: whole(l.seqNo) as number,
      quantity: whole(l.quantity) as number,
      ...(f.type === 'transfer' && l.toSeqNo.trim() ? { toSeqNo: whole(l.toSeqNo) as number } : {}),
    }));
  return {
    ...base,
    lines,
    ...(f.type === 'transfer' ? { toBookId: f.toBookId.trim().toUpperCase() } : {}),
  };
}

/** Items whose book balance differs from the ledger's sum (none when the book and ledger agree). */
export function disagreeing(items: readonly BookItem[]): BookItem[] {
  return items.filter((i) => (i.quantity ?? 0) !== (i.ledgerQuantity ?? 0));
}

/** Items a movement type takes lines of: processing makes products, the rest move any item. */
export function itemsFor(type: MovementType, items: readonly BookItem[]): BookItem[] {
  return type === 'processing' ? items.filter((i) => i.kind === 'product' && i.bom.length > 0) : [...items];
}

export interface Viewer {
  readonly organizationId: string;
  readonly roles: readonly string[];
}

/** Customs (and admin) post to any book; an enterprise only to its own. */
export function mayPost(viewer: Viewer | null, book: Pick<Book, 'organizationId'>): boolean {
  if (!viewer) return false;
  if (viewer.roles.includes('customs-officer') || viewer.roles.includes('admin')) return true;
  return viewer.roles.includes('enterprise') && viewer.organizationId === book.organizationId;
}

export function isCustoms(viewer: Viewer | null): boolean {
  return !!viewer && (viewer.roles.includes('customs-officer') || viewer.roles.includes('admin'));
}
