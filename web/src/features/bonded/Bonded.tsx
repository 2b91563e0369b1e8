// The Bonded zone page (issue 7 part 5): pick an account book (an enterprise sees its own, customs and
// management all), its stock per item with the book balance beside the ledger's sum, the inventory
// lists (movements) newest first a page at a time with their deduction status, a form per movement
// kind (one client movement id per form, so a double click posts once), customs' deduct / write-off
// action, and the tamper check of the book's hash chain.

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/locale';
import { useAuth } from '../auth/auth';
import { RequireRole } from '../auth/SignIn';
import { type Book, bondedApi, type ChainCheck, type Movement, Refusal } from './api';
import { MovementFormPanel } from './MovementForm';
import { MovementsTable } from './MovementsTable';
import { isCustoms, mayPost } from './model';
import { StockTable } from './StockTable';
import './bonded.css';

const detailOf = (e: unknown) => (e instanceof Refusal || e instanceof Error ? e.message : String(e));

function bookFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('book');
}

const READERS = ['admin', 'management', 'customs-officer', 'enterprise'] as const;

export function Bonded() {
  return (
    <RequireRole roles={READERS}>
      <BondedPage />
    </RequireRole>
  );
}

function BondedPage() {
  const { t, locale } = useI18n();
  const auth = useAuth();
  const [books, setBooks] = useState<readonly Book[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [bookId, setBookId] = useState<string | null>(bookFromUrl);
  const [book, setBook] = useState<Book | null>(null);
  const [movements, setMovements] = useState<readonly Movement[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [version, setVersion] = useState(0);
  const me = auth.me;

  useEffect(() => {
    if (!me) return;
    const ac = new AbortController();
    setError(null);
    bondedApi
      .books(locale, ac.signal)
      .then((list) => {
        setBooks(list);
        setBookId((cur) => (cur && list.some((b) => b.id === cur) ? cur : (list[0]?.id ?? null)));
      })
      .catch((e) => {
        if (!ac.signal.aborted) setError(detailOf(e));
      });
    return () => ac.abort();
  }, [me, locale]);

  // the chosen book: its stock and the first page of movements, again after every change (version)
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload signal
  useEffect(() => {
    if (!me || !bookId) return;
    const ac = new AbortController();
    Promise.all([
      bondedApi.book(bookId, locale, ac.signal),
      bondedApi.movements(bookId, locale, null, ac.signal),
    ])
      .then(([b, page]) => {
        setBook(b);
        setMovements(page.items);
        setCursor(page.nextCursor);
      })
      .catch((e) => {
        if (!ac.signal.aborted) setError(detailOf(e));
      });
    return () => ac.abort();
  }, [me, bookId, locale, version]);

  const choose = (id: string) => {
    if (id === bookId) return;
    setBookId(id);
    setCheck(null);
    setBook(null);
    const url = new URL(window.location.href);
    url.searchParams.set('book', id);
    window.history.replaceState(null, '', url.toString());
  };

  const more = async () => {
    if (!bookId || !cursor) return;
    try {
      const page = await bondedApi.movements(bookId, locale, cursor);
      setMovements((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(detailOf(e));
    }
  };

  const verify = async () => {
    if (!bookId) return;
    setVerifying(true);
    try {
      setCheck(await bondedApi.verify(bookId, locale));
    } catch (e) {
      setError(detailOf(e));
    } finally {
      setVerifying(false);
    }
  };

  const changed = useCallback(() => {
    setVersion((v) => v + 1);
    setCheck(null);
  }, []);

  return (
    <section className="bz" data-testid="bonded-page">
      <header className="bz-head">
        <div>
          <h1>{t('bonded.title')}</h1>
          <p>{t('bonded.subtitle')}</p>
        </div>
        {books && books.length > 0 && (
          <div className="bz-picker">
            <label>
              {t('bonded.book')}
              <select
                data-testid="bonded-book-select"
                value={bookId ?? ''}
                onChange={(e) => choose(e.target.value)}
              >
                {books.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.bookNo} · {b.name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="button"
              data-testid="bonded-verify"
              disabled={!bookId || verifying}
              onClick={() => void verify()}
            >
              {verifying ? t('bonded.verifying') : t('bonded.verify')}
            </button>
          </div>
        )}
      </header>
      {error && (
        <p className="bz-error" role="alert" data-testid="bonded-error">
          {t('bonded.error', { detail: error })}
        </p>
      )}
      {check && (
        <div
          className={`bz-check ${check.intact ? 'bz-check--ok' : 'bz-check--bad'}`}
          data-testid="bonded-verify-result"
          data-intact={String(check.intact)}
          role="status"
        >
          <strong>
            {check.intact
              ? t('bonded.intact', { rows: check.rows })
              : t('bonded.broken', { count: check.problems.length })}
          </strong>
          {check.problems.length > 0 && (
            <ul>
              {check.problems.map((p) => (
                <li key={`${p.kind}-${p.bookSeq}-${p.rowId ?? ''}`}>{p.message[locale]}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {books === null && !error && <p className="bz-note">{t('bonded.loading')}</p>}
      {books && books.length === 0 && (
        <p className="bz-note" data-testid="bonded-none">
          {t('bonded.none')}
        </p>
      )}
      {book && (
        <>
          <p className="bz-info" data-testid="bonded-book-info">
            {t('bonded.bookInfo', { enterprise: book.enterpriseId, movements: book.movements })}
          </p>
          <div className="bz-grid">
            <div className="bz-col">
              <StockTable book={book} />
              {mayPost(me, book) ? (
                <MovementFormPanel book={book} onPosted={changed} />
              ) : (
                <p className="bz-note">{t('bonded.readOnly')}</p>
              )}
            </div>
            <MovementsTable
              movements={movements}
              hasMore={cursor !== null}
              onMore={() => void more()}
              customs={isCustoms(me)}
              onChanged={changed}
              onError={setError}
            />
          </div>
        </>
      )}
    </section>
  );
}
