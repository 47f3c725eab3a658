// The headless entry point (`npm run serve`): validated flags, then the server until a signal stops it.
import { startKeyholdServer } from './app.ts';
import { ConfigError, parseServeConfig } from './config.ts';

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
  const server = await startKeyholdServer({
    dataDir: config.dataDir,
    host: config.host,
    port: config.port,
    logLevel: config.logLevel,
  });
  process.stderr.write(
    `Keyhold is listening on ${server.url} (data: ${config.dataDir}).\n` +
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
