import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import `refundry/client` from its source (test/client/client-package.test.ts builds dist/).
  resolve: { alias: { 'refundry/client': fileURLToPath(new URL('./src/client/index.ts', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // As Refundry runs (src/db/node-flags.ts): PGlite without V8's optimising compiler.
    execArgv: ['--liftoff-only'],
    maxWorkers: 2,
  },
});
