// DEV ONLY: a Vite plugin that answers /api/v1/network/* from the fixtures in ./network.ts, in
// `vite` (dev) and `vite preview`, when LUGANG_FIXTURES is set. It adds nothing to the bundle.
//   LUGANG_FIXTURES=1     serve the fixture network of ./network.ts
//   LUGANG_FIXTURES=F.json  serve the answers stored in F.json ({ "/api/v1/network/summary": …, … }),
//                         e.g. written from data/network by web/scripts/reference-snapshot.ts
//   LUGANG_FIXTURES=fail  answer every API call 503 problem+json (to look at the error state)
//   LUGANG_FIXTURES_DELAY_MS=1500  delay each answer (to look at the loading state)

import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { fixtureResponses } from './network.ts';

type Next = (err?: unknown) => void;

export function fixturesPlugin(mode: string, delayMs = 0): Plugin {
  const responses: Record<string, unknown> = mode.endsWith('.json')
    ? (JSON.parse(readFileSync(mode, 'utf8')) as Record<string, unknown>)
    : fixtureResponses;
  const handler = (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith('/api/')) {
      next();
      return;
    }
    const answer = (): void => {
      const body = responses[path];
      if (mode === 'fail' || body === undefined) {
        const status = mode === 'fail' ? 503 : 404;
        res.statusCode = status;
        res.setHeader('content-type', 'application/problem+json');
        res.end(
          JSON.stringify({
            type: 'about:blank',
            title: status === 503 ? 'Service Unavailable' : 'Not Found',
            status,
            detail: status === 503 ? 'dev fixture: simulated outage' : `dev fixture: no fixture for ${path}`,
          }),
        );
        return;
      }
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(body));
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  };
  return {
    name: 'lugang-dev-fixtures',
    apply: () => true,
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}
