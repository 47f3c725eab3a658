import { defineConfig } from 'vitest/config';

// CI asks for a JSON report to print its "N passed, N failed" line.
const report = process.env.KEYHOLD_TEST_REPORT;

const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  allowOnly: false,
  // Tests sign in with cheap Argon2id (TEST_KDF_PARAMS): lower the KDF floor in every test process.
  setupFiles: ['tests/support/lower-kdf-floor.ts'],
};

/**
 * The integration suite runs a second time with every test server on PostgreSQL (a fresh database each)
 * when a PostgreSQL is given (KEYHOLD_TEST_PG_URL: .ci/run sets it; see tests/support/postgres.ts), or
 * when CI requires every tool. Tests of what only SQLite has skip themselves there (ON_POSTGRES).
 */
const postgresGiven = Boolean(process.env.KEYHOLD_TEST_PG_URL?.trim());
const postgresRequired = process.env.KEYHOLD_REQUIRE_TOOLS === '1';

export default defineConfig({
  test: {
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'sqlite',
          include: [
            'contract/**/*.test.ts',
            'node-https/**/*.test.ts',
            'ssh-agent/**/*.test.ts',
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
        },
      },
      ...(postgresGiven || postgresRequired
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                // The server-level suite; the PostgreSQL-only files already run in the sqlite project.
                include: ['tests/*.test.ts'],
                exclude: [
                  'tests/postgres-storage.test.ts',
                  'tests/keepassxc-roundtrip.test.ts',
                  'tests/sqlite-path.test.ts',
                ],
                env: { KEYHOLD_TEST_STORE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
