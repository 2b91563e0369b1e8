// Vite config of the dashboard. Build: `vite build --config web/vite.config.ts` → web/dist, which the
// Lugang server serves at `/` (SPA fallback) next to the API under `/api`.
// Dev: `npx vite --config web/vite.config.ts` proxies /api to the server on 127.0.0.1:8080, or, with
// LUGANG_FIXTURES=1, answers /api/v1/network/* from web/dev-fixtures (dev and preview only).

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const fixtures = process.env.LUGANG_FIXTURES;
const apiTarget = process.env.LUGANG_API ?? 'http://127.0.0.1:8080';

// Loaded only when asked for, so the fixtures never touch a normal build.
const fixturePlugins = fixtures
  ? [
      (await import('./dev-fixtures/plugin.ts')).fixturesPlugin(
        fixtures,
        Number(process.env.LUGANG_FIXTURES_DELAY_MS ?? 0),
      ),
    ]
  : [];

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), ...fixturePlugins],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: fixtures ? undefined : { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    proxy: fixtures ? undefined : { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
