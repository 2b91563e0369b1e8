// An honest page-to-come: what the page will show and which work brings it. No illustrative numbers.

import { useI18n } from '../i18n/locale';
import type { MessageKey } from '../i18n/messages';
import type { PageId } from './pages';

type Later = Exclude<PageId, 'overview'>; // assembly and ports have pages now; their keys stay for reuse

const KEYS: Record<Later, { title: MessageKey; work: MessageKey; lead: MessageKey; items: MessageKey[] }> = {
  assembly: {
    title: 'nav.assembly',
    work: 'page.assembly.work',
    lead: 'page.assembly.lead',
    items: ['page.assembly.item1', 'page.assembly.item2', 'page.assembly.item3'],
  },
  ports: {
    title: 'nav.ports',
    work: 'page.ports.work',
    lead: 'page.ports.lead',
    items: ['page.ports.item1', 'page.ports.item2', 'page.ports.item3'],
  },
  tracking: {
    title: 'nav.tracking',
    work: 'page.tracking.work',
    lead: 'page.tracking.lead',
    items: ['page.tracking.item1', 'page.tracking.item2', 'page.tracking.item3'],
  },
  coldchain: {
    title: 'nav.coldchain',
    work: 'page.coldchain.work',
    lead: 'page.coldchain.lead',
    items: ['page.coldchain.item1', 'page.coldchain.item2', 'page.coldchain.item3'],
  },
  bonded: {
    title: 'nav.bonded',
    work: 'page.bonded.work',
    lead: 'page.bonded.lead',
    items: ['page.bonded.item1', 'page.bonded.item2', 'page.bonded.item3'],
  },
  enterprises: {
    title: 'nav.enterprises',
    work: 'page.enterprises.work',
    lead: 'page.enterprises.lead',
    items: ['page.enterprises.item1', 'page.enterprises.item2', 'page.enterprises.item3'],
  },
  ecommerce: {
    title: 'nav.ecommerce',
    work: 'page.ecommerce.work',
    lead: 'page.ecommerce.lead',
    items: ['page.ecommerce.item1', 'page.ecommerce.item2', 'page.ecommerce.item3'],
  },
  statistics: {
    title: 'nav.statistics',
    work: 'page.statistics.work',
    lead: 'page.statistics.lead',
    items: ['page.statistics.item1', 'page.statistics.item2', 'page.statistics.item3'],
  },
};

export function Placeholder({ page }: { readonly page: Later }) {
  const { t } = useI18n();
  const k = KEYS[page];
  return (
    <section className="placeholder" data-testid={`placeholder-${page}`}>
      <div className="placeholder-card">
        <span className="badge">{t('placeholder.badge')}</span>
        <h1>{t(k.title)}</h1>
        <p className="placeholder-lead">{t(k.lead)}</p>
        <p>{t('placeholder.arrives', { work: t(k.work) })}</p>
        <h2>{t('placeholder.shows')}</h2>
        <ul>
          {k.items.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        <p className="placeholder-note">{t('placeholder.noFake')}</p>
      </div>
    </section>
  );
}
