/**
 * Who may see what the bus announces — one rule for the SSE feed and the webhooks. Pure.
 *
 * A topic's payload (or each element, when it is an array) names its tenant with `organizationId`
 * (one) or `organizationIds` (several, e.g. a train carrying boxes of many tenants). A viewer who
 * sees all tenants gets everything; any other viewer gets the items of its own organization, and an
 * array is cut down to those items. Items naming no tenant are port-wide operational data: only
 * viewers who see all tenants get them. Nothing leaks by default.
 */

export interface Viewer {
  /** Sees every tenant (cross-tenant roles; the port operator's own webhooks). */
  readonly all: boolean;
  readonly organizationId: string;
}

function itemVisible(item: unknown, viewer: Viewer): boolean {
  if (viewer.all) return true;
  if (!item || typeof item !== 'object') return false;
  const o = item as { organizationId?: unknown; organizationIds?: unknown };
  if (typeof o.organizationId === 'string') return o.organizationId === viewer.organizationId;
  if (Array.isArray(o.organizationIds)) return o.organizationIds.includes(viewer.organizationId);
  return false;
}

/** The part of a payload the viewer may see, or undefined when nothing is left. */
export function visiblePart(data: unknown, viewer: Viewer): unknown {
  if (Array.isArray(data)) {
    const kept = viewer.all ? data : data.filter((d) => itemVisible(d, viewer));
    return kept.length > 0 ? kept : undefined;
  }
  return itemVisible(data, viewer) ? data : undefined;
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
