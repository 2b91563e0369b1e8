// Loads the network snapshot through the API client, with loading/error states and retry. The last
// good snapshot is kept for the session, so coming back to the Overview shows it at once (and a
// failed refresh keeps showing it rather than blanking a wall screen).

import { useCallback, useEffect, useState } from 'react';
import { type ApiClient, ApiError, api, type NetworkSnapshot } from './api';

export type NetworkState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly detail: string }
  | { readonly status: 'ready'; readonly data: NetworkSnapshot };

const lastGood = new WeakMap<ApiClient, NetworkSnapshot>();

/** `refreshMs` (default 5 min) reloads quietly while the page stays open, as a wall screen does. */
export function useNetwork(
  client: ApiClient = api,
  refreshMs = 5 * 60_000,
): { state: NetworkState; retry: () => void } {
  const [state, setState] = useState<NetworkState>(() => {
    const cached = lastGood.get(client);
    return cached ? { status: 'ready', data: cached } : { status: 'loading' };
  });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on retry
  useEffect(() => {
    const ctrl = new AbortController();
    if (!lastGood.has(client)) setState({ status: 'loading' });
    client.network(ctrl.signal).then(
      (data) => {
        lastGood.set(client, data);
        setState({ status: 'ready', data });
      },
      (e: unknown) => {
        if (ctrl.signal.aborted || lastGood.has(client)) return;
        const detail =
          e instanceof ApiError
            ? `${e.status || '—'} ${e.path}: ${e.detail}`
            : e instanceof Error
              ? e.message
              : String(e);
        setState({ status: 'error', detail });
      },
    );
    return () => ctrl.abort();
  }, [client, attempt]);
  useEffect(() => {
    if (!(refreshMs > 0)) return;
    const id = window.setInterval(() => setAttempt((n) => n + 1), refreshMs);
    return () => window.clearInterval(id);
  }, [refreshMs]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
