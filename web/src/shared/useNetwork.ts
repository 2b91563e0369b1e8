// Loads the network snapshot once per mount through the API client, with loading/error states and retry.

import { useCallback, useEffect, useState } from 'react';
import { type ApiClient, ApiError, api, type NetworkSnapshot } from './api';

export type NetworkState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly detail: string }
  | { readonly status: 'ready'; readonly data: NetworkSnapshot };

export function useNetwork(client: ApiClient = api): { state: NetworkState; retry: () => void } {
  const [state, setState] = useState<NetworkState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on retry
  useEffect(() => {
    const ctrl = new AbortController();
    setState({ status: 'loading' });
    client.network(ctrl.signal).then(
      (data) => setState({ status: 'ready', data }),
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
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
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
