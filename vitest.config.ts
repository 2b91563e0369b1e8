import { defineConfig } from 'vitest/config';

// Three tiers. `unit` is the README's `npm test`: pure tests plus database tests on embedded PGlite.
// `pg` runs the same database tests (*.db.test.ts and test/contract) on a real PostgreSQL server.
// `e2e` drives the built dashboard in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'bench/**/*.test.ts',
            'test/contract/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          env: { LUGANG_TEST_ENGINE: 'pglite' },
        },
      },
      {
        test: {
          name: 'pg',
          include: ['src/**/*.db.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          env: { LUGANG_TEST_ENGINE: 'pg' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
