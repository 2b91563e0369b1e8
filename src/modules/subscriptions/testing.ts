/**
 * For the subscriptions' tests: a tenant user with a token (a forwarder's or shipper's own
 * organization), and a reader of a live SSE response that waits for the frames a test expects.
 */
import type { IdentityService } from '../identity/service';
import { parseSse, type SseFrame } from './sse';

/** Creates a user of its own tenant organization (`org`, named after itself) and returns a token. */
export async function tenantToken(
  services: { readonly identity: IdentityService },
  username: string,
  org: { id: string; kind: 'shipper' | 'forwarder'; nameEn?: string; nameZh?: string },
): Promise<string> {
  const created = await services.identity.createUser({
    username,
    password: 'test-password-123', // the tests use the token, not the password
    roles: [org.kind],
    organization: { id: org.id, kind: org.kind, nameEn: org.nameEn ?? org.id, nameZh: org.nameZh ?? org.id },
  });
  if (!created.ok) throw new Error(created.error.message.en);
  const issued = await services.identity.issueToken(username, 'test');
  if (!issued.ok) throw new Error(issued.error.message.en);
  return issued.value.token;
}

/** Reads an SSE response until `until` holds for the frames so far. */
export class SseReader {
  frames: SseFrame[] = [];
  private rest = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  constructor(
    readonly res: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = res.body!.getReader();
  }
  async until(pred: (frames: SseFrame[]) => boolean): Promise<SseFrame[]> {
    while (!pred(this.frames)) {
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`stream ended; got ${JSON.stringify(this.frames)}`);
      const parsed = parseSse(this.rest + this.decoder.decode(value, { stream: true }));
      this.frames.push(...parsed.frames);
      this.rest = parsed.rest;
    }
    return this.frames;
  }
  close() {
    this.abort.abort();
  }
}

/** Opens the live feed at `url` (full URL) and returns its reader. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  return new SseReader(res, abort);
}
