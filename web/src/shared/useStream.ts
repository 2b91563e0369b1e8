// The live feed (GET /api/v1/stream, Server-Sent Events) as a React hook. Pages say which topics they
// want ('tracking.events', 'tracking.train', 'coldchain.alarm', 'ops.*' …) and get each message the
// server lets them see (it filters by tenant). Reconnects by itself: the browser's EventSource retries
// dropped connections with Last-Event-ID; when it gives up (an HTTP error) the hook opens a new one
// after a growing pause (1 s … 30 s, with jitter), passing the last id as ?lastEventId= — the server
// then replays the tracking events stored meanwhile, so nothing is lost across a reconnect.
//
// EventSource cannot set headers: the token travels as ?access_token= (see docs/subscriptions.md).
// Messages come as unnamed events `{topic, data}` (?envelope=1) so families like 'ops.*' work.

import { useEffect, useRef, useState } from 'react';
import { type ApiClient, api } from './api';

export interface StreamMessage<T = unknown> {
  readonly topic: string;
  readonly data: T;
  /** The SSE id (a tracking event seq) when the message has one. */
  readonly id: string | null;
}

export type StreamStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';

export interface StreamState {
  readonly status: StreamStatus;
  /** Messages received since the page opened the stream (for a "live" badge). */
  readonly received: number;
}

export interface UseStreamOptions {
  /** false: no connection (e.g. until signed in). Default true. */
  readonly enabled?: boolean;
  readonly client?: ApiClient;
}

/** The stream URL for EventSource: topics, envelope framing, the token and where to resume. */
export function streamUrl(
  baseUrl: string,
  topics: readonly string[],
  token: string | null,
  lastEventId: string | null,
): string {
  const q = new URLSearchParams();
  if (topics.length > 0) q.set('topics', topics.join(','));
  q.set('envelope', '1');
  if (token) q.set('access_token', token);
  if (lastEventId) q.set('lastEventId', lastEventId);
  return `${baseUrl}/api/v1/stream?${q.toString()}`;
}

/** The pause before the n-th reconnect (n from 0): doubling from 1 s to 30 s, ±25 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.75 + 0.5 * random()));
}

export function useStream(
  topics: readonly string[],
  onMessage: (message: StreamMessage) => void,
  options: UseStreamOptions = {},
): StreamState {
  const client = options.client ?? api;
  const enabled = options.enabled ?? true;
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const [state, setState] = useState<StreamState>({ status: 'idle', received: 0 });
  const key = topics.join(',');

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setState((s) => ({ ...s, status: 'idle' }));
      return;
    }
    const wanted = key === '' ? [] : key.split(',');
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let lastId: string | null = null;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      const token = client.tokens.get();
      if (!token) {
        setState((s) => ({ ...s, status: 'idle' }));
        return;
      }
      setState((s) => ({ ...s, status: attempt === 0 ? 'connecting' : 'reconnecting' }));
      const es = new EventSource(streamUrl(client.baseUrl, wanted, token, lastId));
      source = es;
      es.onopen = () => {
        attempt = 0;
        setState((s) => ({ ...s, status: 'open' }));
      };
      es.onmessage = (ev: MessageEvent<string>) => {
        if (ev.lastEventId) lastId = ev.lastEventId;
        let parsed: { topic?: unknown; data?: unknown };
        try {
          parsed = JSON.parse(ev.data) as { topic?: unknown; data?: unknown };
        } catch {
          return;
        }
        if (typeof parsed.topic !== 'string') return;
        if (parsed.topic !== 'stream.open') setState((s) => ({ ...s, received: s.received + 1 }));
        handler.current({ topic: parsed.topic, data: parsed.data, id: ev.lastEventId || null });
      };
      es.onerror = () => {
        if (es.readyState === EventSource.CONNECTING) {
          // the browser retries by itself, sending Last-Event-ID
          setState((s) => ({ ...s, status: 'reconnecting' }));
          return;
        }
        // closed for good (an HTTP error): a fresh EventSource after a pause
        es.close();
        setState((s) => ({ ...s, status: 'reconnecting' }));
        timer = setTimeout(connect, backoffMs(attempt++));
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
    };
  }, [key, enabled, client]);

  return state;
}
