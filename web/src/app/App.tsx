// The app frame: header and navigation around the current page.

import { lazy, Suspense } from 'react';
import { AuthProvider } from '../features/auth/auth';
import { useI18n } from '../i18n/locale';
import { Header } from './Header';
import { Placeholder } from './Placeholder';
import { matchPage } from './pages';
import { Link, usePathname } from './router';

// The Overview carries the base map (world-atlas, ~0.8 MB): load it as its own chunk so the frame and
// the other pages paint at once.
const Overview = lazy(() => import('../features/overview/Overview').then((m) => ({ default: m.Overview })));
const Assembly = lazy(() => import('../features/assembly/Assembly').then((m) => ({ default: m.Assembly })));
const Ports = lazy(() => import('../features/ports/Ports').then((m) => ({ default: m.Ports })));

function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p>{t('state.loading')}</p>
    </div>
  );
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
          ) : page.id === 'overview' ? (
            <Suspense fallback={<PageLoading />}>
              <Overview />
            </Suspense>
          ) : page.id === 'assembly' ? (
            <Suspense fallback={<PageLoading />}>
              <Assembly />
            </Suspense>
          ) : page.id === 'ports' ? (
            <Suspense fallback={<PageLoading />}>
              <Ports />
            </Suspense>
          ) : (
            <Placeholder page={page.id} />
          )}
        </main>
      </div>
    </AuthProvider>
  );
}
