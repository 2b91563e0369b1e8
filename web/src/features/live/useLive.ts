// A live read model on screen: loaded once, reloaded when the feed announces a change on one of the
// given topics (at most every `minGapMs`), and every `pollMs` as a safety net. The last good answer
// stays on screen when a reload fails (a wall screen never blanks).

import { useCallback, useEffect, useRef, useState } from 'react';
import { type StreamMessage, type StreamStatus, useStream } from '../../shared/useStream';
import { useAuth } from '../auth/auth';

export const LIVE_ROLES = [
  'admin',
  'planner',
  'dispatcher',
  'management',
  'border-officer',
  'customs-officer',
];

export type LiveState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly detail: string }
  | { readonly status: 'ready'; readonly data: T };

export function useLive<T>(
  load: (signal: AbortSignal) => Promise<T>,
  topics: readonly string[],
  options: {
    readonly minGapMs?: number;
    readonly pollMs?: number;
    readonly onMessage?: (m: StreamMessage) => void;
    /** false: no stream of its own (the page shares one and calls `reload`). */
    readonly subscribe?: boolean;
  } = {},
): { state: LiveState<T>; stream: StreamStatus; enabled: boolean; reload: () => void } {
  const auth = useAuth();
  const enabled = !auth.checking && auth.hasRole(...LIVE_ROLES);
  const [state, setState] = useState<LiveState<T>>({ status: 'loading' });
  const loader = useRef(load);
  loader.current = load;
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);
  const minGap = options.minGapMs ?? 1000;
  const onMessage = useRef(options.onMessage);
  onMessage.current = options.onMessage;

  const reload = useCallback(() => {
    inflight.current?.abort();
    const ctrl = new AbortController();
    inflight.current = ctrl;
    last.current = Date.now();
    loader.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ status: 'ready', data });
      },
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        setState((s) =>
          s.status === 'ready' ? s : { status: 'error', detail: e instanceof Error ? e.message : String(e) },
        );
      },
    );
  }, []);

  useEffect(() => {
    if (!enabled) return;
    reload();
    const id = window.setInterval(reload, options.pollMs ?? 30_000);
    return () => {
      window.clearInterval(id);
      inflight.current?.abort();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [enabled, reload, options.pollMs]);

  const soon = useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(0, last.current + minGap - Date.now());
    pending.current = setTimeout(() => {
      pending.current = undefined;
      reload();
    }, wait);
  }, [minGap, reload]);

  const stream = useStream(
    topics,
    (m) => {
      onMessage.current?.(m);
      soon();
    },
    { enabled: enabled && options.subscribe !== false },
  );
  return { state, stream: stream.status, enabled, reload: soon };
}
