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
    globalSetup: ['e2e/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    allowOnly: false,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
