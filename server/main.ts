// The headless entry point (`npm run serve`): validated flags, then the server until a signal stops it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATABASE_FILE, startKeyholdServer } from './app.ts';
import { ConfigError, parseServeConfig } from './config.ts';
import { redactDatabaseUrl } from './storage/postgres-url.ts';

/**
 * The web UI built by scripts/build-renderer.mjs (`npm run serve` builds it first). KEYHOLD_WEB_ROOT names
 * another build: the browser tests point their servers at the bundle their run built (e2e/support/global-setup.ts).
 */
const WEB_ROOT = process.env.KEYHOLD_WEB_ROOT?.trim()
  ? path.resolve(process.env.KEYHOLD_WEB_ROOT.trim())
  : fileURLToPath(new URL('../dist/renderer/', import.meta.url));

async function main(): Promise<void> {
  let config: ReturnType<typeof parseServeConfig>;
  try {
    config = parseServeConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`keyhold serve: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (process.env.KEYHOLD_WEB_ROOT?.trim() && !existsSync(path.join(WEB_ROOT, 'index.html'))) {
    process.stderr.write(`keyhold serve: KEYHOLD_WEB_ROOT: ${WEB_ROOT} holds no built web UI (index.html)\n`);
    process.exit(2);
  }
  const server = await startKeyholdServer({
    dataDir: config.dataDir,
    host: config.host,
    port: config.port,
    logLevel: config.logLevel,
    ...(config.nodeName && { nodeName: config.nodeName }),
    ...(config.sqlitePath && { sqlitePath: config.sqlitePath }),
    ...(config.databaseUrl && {
      database: {
        url: config.databaseUrl,
        maxConnections: config.databasePoolMax,
        statementTimeoutMs: config.databaseStatementTimeoutMs,
      },
    }),
    // Flags and environment win; what they leave open follows the network settings after unseal.
    followSettings: { address: !config.pinned.address, port: !config.pinned.port },
    ...(existsSync(WEB_ROOT) && { webRoot: WEB_ROOT }),
  });
  const storage = config.databaseUrl
    ? redactDatabaseUrl(config.databaseUrl)
    : `SQLite ${config.sqlitePath ?? path.join(config.dataDir, DATABASE_FILE)}`;
  process.stderr.write(
    `Keyhold is listening on ${server.url} (data: ${config.dataDir}; storage: ${storage}).\n` +
      (existsSync(WEB_ROOT) ? `Open ${server.url}/ in a browser for the web UI.\n` : '') +
      `Trust its CA from ${config.dataDir}/tls/ca.pem; ${server.state.initialized ? 'unseal it to begin' : 'initialise it to begin'}.\n`,
  );
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const inUse = (error as { code?: string }).code === 'EADDRINUSE';
  process.stderr.write(
    `keyhold serve: ${inUse ? 'the port is already in use; pick another with --port' : message}\n`,
  );
  process.exit(1);
});
