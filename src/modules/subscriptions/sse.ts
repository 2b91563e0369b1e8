/**
 * The Server-Sent Events wire format (WHATWG HTML § 9.2): `id`, `event`, `data` lines and a blank
 * line; comment lines (`:`) keep proxies from closing an idle stream. Pure.
 */

export function sseMessage(topic: string, data: unknown, id?: number | string): string {
  const json = JSON.stringify(data);
  // JSON.stringify never emits a raw newline, so one data line carries the whole payload
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${topic}\ndata: ${json}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** Tells the browser how long to wait before reconnecting. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

export interface SseFrame {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

/**
 * Parses a stream's text into frames (for tests and the CLI); `rest` is an unfinished tail to keep
 * for the next chunk.
 */
export function parseSse(text: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  const blocks = text.split(/\n\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    let any = false;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else continue;
      any = true;
    }
    if (any && data.length > 0)
      frames.push({ ...(id === undefined ? {} : { id }), event, data: data.join('\n') });
  }
  return { frames, rest };
}
