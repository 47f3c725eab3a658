import { defineConfig } from 'vitest/config';

// CI asks for a JSON report to print its "N passed, N failed" line.
const report = process.env.KEYHOLD_TEST_REPORT;

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'client/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'electron/**/*.test.ts',
      'build/**/*.test.ts',
      'tests/**/*.test.ts',
      'e2e/**/*.test.ts',
    ],
    // The second starts a throwaway PostgreSQL when KEYHOLD_TEST_PG_URL is unset and one is installed.
    globalSetup: ['e2e/support/global-setup.ts', 'tests/support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    allowOnly: false,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
