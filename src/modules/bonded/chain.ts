/**
 * The hash chain of a book's ledger: each movement row stores sha256 of its canonical content and
 * the hash linking it to the row before it (hash = sha256(prevHash | bookId | bookSeq | contentHash)).
 * Recomputing the chain from the rows finds any edited, inserted or deleted row. Pure (sha256 is a
 * deterministic function, no I/O).
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, no spaces: the same value gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('not a finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function contentHash(content: unknown): string {
  return sha256(canonicalJson(content));
}

export function linkHash(prevHash: string, bookId: string, bookSeq: number, content: string): string {
  return sha256(`${prevHash}|${bookId}|${bookSeq}|${content}`);
}

export interface ChainRow {
  readonly bookSeq: number;
  readonly rowId: string;
  /** The content hash recomputed from the stored movement and its postings now. */
  readonly recomputedContentHash: string;
  readonly storedContentHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ChainProblem {
  readonly bookSeq: number;
  readonly rowId: string | null;
  readonly kind: 'content' | 'link' | 'gap' | 'head';
  readonly message: { en: string; zh: string };
}

/**
 * Checks a book's rows (any order) against the chain and the book's head (last sequence and hash).
 * Returns every problem found; none means the ledger is as it was written.
 */
export function verifyChain(
  bookId: string,
  rows: readonly ChainRow[],
  head: { readonly seq: number; readonly hash: string },
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  const sorted = [...rows].sort((a, b) => a.bookSeq - b.bookSeq);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const r of sorted) {
    if (r.bookSeq !== expectedSeq) {
      problems.push({
        bookSeq: expectedSeq,
        rowId: null,
        kind: 'gap',
        message: {
          en: `rows ${expectedSeq}–${r.bookSeq - 1} are missing (deleted?)`,
          zh: `第 ${expectedSeq}–${r.bookSeq - 1} 条记录缺失（被删除？）`,
        },
      });
    }
    if (r.recomputedContentHash !== r.storedContentHash) {
      problems.push({
        bookSeq: r.bookSeq,
        rowId: r.rowId,
        kind: 'content',
        message: {
          en: `row ${r.bookSeq} (${r.rowId}) differs from what was recorded (edited?)`,
          zh: `第 ${r.bookSeq} 条记录（${r.rowId}）与记账时内容不符（被修改？）`,
        },
      });
    }
    const expected = linkHash(prev, bookId, r.bookSeq, r.recomputedContentHash);
    if (r.prevHash !== prev || r.hash !== expected) {
      problems.push({
        bookSeq: r.bookSeq,
        rowId: r.rowId,
        kind: 'link',
        message: {
          en: `row ${r.bookSeq} (${r.rowId}) does not link to the row before it`,
          zh: `第 ${r.bookSeq} 条记录（${r.rowId}）与前一条记录的链接不符`,
        },
      });
    }
    prev = r.hash;
    expectedSeq = r.bookSeq + 1;
  }
  if (head.seq !== expectedSeq - 1 || head.hash !== prev) {
    problems.push({
      bookSeq: head.seq,
      rowId: null,
      kind: 'head',
      message: {
        en: `the book says its last row is ${head.seq} but the chain ends at ${expectedSeq - 1}`,
        zh: `账册记录的最后序号为 ${head.seq}，而链条止于 ${expectedSeq - 1}`,
      },
    });
  }
  return problems;
}
