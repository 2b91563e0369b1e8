// The app frame: header and navigation around the current page.

import { Overview } from '../features/overview/Overview';
import { useI18n } from '../i18n/locale';
import { Header } from './Header';
import { Placeholder } from './Placeholder';
import { matchPage } from './pages';
import { Link, usePathname } from './router';

export function App() {
  const { t } = useI18n();
  const page = matchPage(usePathname());
  return (
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
          <Overview />
        ) : (
          <Placeholder page={page.id} />
        )}
      </main>
    </div>
  );
}
