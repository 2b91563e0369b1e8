// The dashboard's pages and their paths (history routing; the server falls back to index.html).

import type { MessageKey } from '../i18n/messages';

export type PageId =
  | 'overview'
  | 'assembly'
  | 'ports'
  | 'tracking'
  | 'coldchain'
  | 'bonded'
  | 'enterprises'
  | 'ecommerce'
  | 'statistics';

export interface PageDef {
  readonly id: PageId;
  readonly path: string;
  readonly nav: MessageKey;
}

export const PAGES: readonly PageDef[] = [
  { id: 'overview', path: '/', nav: 'nav.overview' },
  { id: 'assembly', path: '/assembly', nav: 'nav.assembly' },
  { id: 'ports', path: '/ports', nav: 'nav.ports' },
  { id: 'tracking', path: '/tracking', nav: 'nav.tracking' },
  { id: 'coldchain', path: '/cold-chain', nav: 'nav.coldchain' },
  { id: 'bonded', path: '/bonded', nav: 'nav.bonded' },
  { id: 'enterprises', path: '/enterprises', nav: 'nav.enterprises' },
  { id: 'ecommerce', path: '/e-commerce', nav: 'nav.ecommerce' },
  { id: 'statistics', path: '/statistics', nav: 'nav.statistics' },
];

/** The page for a pathname ("/ports/", "/ports" → ports; "/overview" → overview), or null (not found). */
export function matchPage(pathname: string): PageDef | null {
  const clean = `/${pathname.split(/[?#]/)[0]?.replace(/^\/+|\/+$/g, '') ?? ''}`;
  if (clean === '/' || clean === '/overview' || clean === '/index.html') return PAGES[0] ?? null;
  return PAGES.find((p) => p.path === clean) ?? null;
}
