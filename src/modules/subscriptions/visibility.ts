/**
 * Who may see what the bus announces — one rule for the SSE feed and the webhooks. Pure.
 *
 * A topic's payload (or each element, when it is an array) names its tenant with `organizationId`
 * (one) or `organizationIds` (several, e.g. a train carrying boxes of many tenants). A viewer who
 * sees all tenants gets everything; any other viewer gets the items of its own organization, and an
 * array is cut down to those items. Items naming no tenant are port-wide operational data: only
 * viewers who see all tenants get them. Nothing leaks by default.
 *
 * An `Audience` names further tenants of an item that the item itself does not carry (the tenants
 * whose boxes ride a train: train-tenants.ts); it is resolved before the cut, which stays pure.
 */

export interface Viewer {
  /** Sees every tenant (cross-tenant roles; the port operator's own webhooks). */
  readonly all: boolean;
  readonly organizationId: string;
}

/** Tenants an item concerns beyond those it names (undefined: none). */
export type Audience = (item: unknown) => ReadonlySet<string> | undefined;

function itemVisible(item: unknown, viewer: Viewer, audience?: Audience): boolean {
  if (viewer.all) return true;
  if (!item || typeof item !== 'object') return false;
  const o = item as { organizationId?: unknown; organizationIds?: unknown };
  if (typeof o.organizationId === 'string' && o.organizationId === viewer.organizationId) return true;
  if (Array.isArray(o.organizationIds) && o.organizationIds.includes(viewer.organizationId)) return true;
  return audience?.(item)?.has(viewer.organizationId) ?? false;
}

/** The part of a payload the viewer may see, or undefined when nothing is left. */
export function visiblePart(data: unknown, viewer: Viewer, audience?: Audience): unknown {
  if (Array.isArray(data)) {
    const kept = viewer.all ? data : data.filter((d) => itemVisible(d, viewer, audience));
    return kept.length > 0 ? kept : undefined;
  }
  return itemVisible(data, viewer, audience) ? data : undefined;
}

/** A topic selection: exact names, `prefix.*` families, or `*` for every topic. */
export const TOPIC_PATTERN = /^(\*|[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?)$/;

export function parseTopics(text: string | undefined): string[] | null {
  if (text === undefined || text.trim() === '') return ['*'];
  const topics = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (topics.length === 0 || topics.length > 50) return null;
  return topics.every((t) => t.length <= 100 && TOPIC_PATTERN.test(t)) ? topics : null;
}

export function topicSelected(selection: readonly string[], topic: string): boolean {
  return selection.some(
    (s) => s === '*' || s === topic || (s.endsWith('.*') && topic.startsWith(s.slice(0, -1))),
  );
}
