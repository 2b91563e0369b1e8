// The frame's header: wordmark, the land port's name, the two clocks, the language switch, navigation.

import { SignInControl } from '../features/auth/SignIn';
import { useI18n } from '../i18n/locale';
import { LOCALES } from '../i18n/messages';
import { Clock } from './Clock';
import { PAGES, type PageId } from './pages';
import { Link } from './router';

export function Header({ current }: { readonly current: PageId | null }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <header className="app-header">
      <div className="brand-row">
        <a className="brand" href="/" aria-label="陆港 Lugang">
          <span className="brand-zh">陆港</span>
          <span className="brand-latin">Lugang</span>
        </a>
        <div className="port-name">
          <div className="port-title">{t('app.port')}</div>
          <div className="port-sub">{t('app.center')}</div>
        </div>
        <Clock />
        <fieldset className="locale-switch">
          <legend className="sr-only">{t('locale.label')}</legend>
          {LOCALES.map((l) => (
            <button
              key={l}
              type="button"
              lang={l === 'zh' ? 'zh-CN' : 'en'}
              aria-pressed={locale === l}
              data-testid={`locale-${l}`}
              className={locale === l ? 'locale-btn locale-btn--on' : 'locale-btn'}
              onClick={() => setLocale(l)}
            >
              {l === 'zh' ? '中文' : 'EN'}
            </button>
          ))}
        </fieldset>
        <SignInControl />
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        {PAGES.map((p) => (
          <Link
            key={p.id}
            to={p.path}
            current={p.id === current}
            className={p.id === current ? 'nav-link nav-link--on' : 'nav-link'}
          >
            {t(p.nav)}
          </Link>
        ))}
      </nav>
    </header>
  );
}
