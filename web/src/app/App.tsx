// The app frame: header and navigation around the current page.

import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { AuthProvider } from '../features/auth/auth';
import { useI18n } from '../i18n/locale';
import { Header } from './Header';
import { matchPage, type PageId } from './pages';
import { Link, usePathname } from './router';

// Every page is its own chunk (the Overview carries the ~0.8 MB base map), so the frame paints at once.
const PAGE_VIEWS: Record<PageId, LazyExoticComponent<ComponentType>> = {
  overview: lazy(() => import('../features/overview/Overview').then((m) => ({ default: m.Overview }))),
  assembly: lazy(() => import('../features/assembly/Assembly').then((m) => ({ default: m.Assembly }))),
  ports: lazy(() => import('../features/ports/Ports').then((m) => ({ default: m.Ports }))),
  tracking: lazy(() => import('../features/tracking/Tracking').then((m) => ({ default: m.Tracking }))),
  coldchain: lazy(() => import('../features/coldchain/ColdChain').then((m) => ({ default: m.ColdChain }))),
  bonded: lazy(() => import('../features/bonded/Bonded').then((m) => ({ default: m.Bonded }))),
  enterprises: lazy(() =>
    import('../features/enterprises/Enterprises').then((m) => ({ default: m.Enterprises })),
  ),
  ecommerce: lazy(() => import('../features/ecommerce/ECommerce').then((m) => ({ default: m.ECommerce }))),
  statistics: lazy(() =>
    import('../features/statistics/Statistics').then((m) => ({ default: m.Statistics })),
  ),
};

function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p>{t('state.loading')}</p>
    </div>
  );
}

function PageView({ id }: { readonly id: PageId }) {
  const View = PAGE_VIEWS[id];
  return <View />;
}

export function App() {
  const { t } = useI18n();
  const page = matchPage(usePathname());
  return (
    <AuthProvider>
      <div className="app">
        <a className="skip-link" href="#main">
          {t('app.skip')}
        </a>
        <Header current={page?.id ?? null} />
        <main id="main" className="app-main">
          {page === null ? (
            <section className="placeholder">
              <div className="placeholder-card">
                <h1>{t('notfound.title')}</h1>
                <Link to="/">{t('notfound.back')}</Link>
              </div>
            </section>
          ) : (
            <Suspense fallback={<PageLoading />}>
              <PageView id={page.id} />
            </Suspense>
          )}
        </main>
      </div>
    </AuthProvider>
  );
}
