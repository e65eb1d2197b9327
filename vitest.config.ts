import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // 'server-only' throws outside React Server Components; tests are server code by definition.
      'server-only': path.resolve(import.meta.dirname, 'tests/setup/server-only.ts'),
    },
  },
  test: {
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts'],
    // tests/fault starts and restarts its own PostgreSQL cluster: `npm run test:fault` (CI runs it after the database tests).
    exclude: ['tests/e2e/**', 'node_modules/**', ...(process.env.VITEST_FAULT ? [] : ['tests/fault/**'])],
    setupFiles: ['tests/setup/fail-on-console-error.ts', 'tests/setup/rls-guard.ts'],
    globalSetup: ['tests/setup/pglite-template.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
