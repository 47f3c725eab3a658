// Start-up configuration of the headless server from flags and environment, validated before anything runs.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const DEFAULT_PORT = 7777;

const portSchema = z.coerce
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .min(1, { message: 'must be between 1 and 65535' })
  .max(65535, { message: 'must be between 1 and 65535' });

const configSchema = z.object({
  port: portSchema,
  host: z.string().min(1).max(255),
  dataDir: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug']),
});
export type ServeConfig = z.infer<typeof configSchema> & {
  /** Given by flag or environment: these win over the network settings (see server/transport/listener.ts). */
  pinned: { address: boolean; port: boolean };
};

/** The OS user-data folder, the same one the desktop app uses. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Keyhold');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Keyhold');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Keyhold');
}

export class ConfigError extends Error {}

export function parseServeConfig(argv: string[], env: NodeJS.ProcessEnv): ServeConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const raw = {
    port: values.port ?? env.KEYHOLD_PORT ?? DEFAULT_PORT,
    host: values.host ?? env.KEYHOLD_HOST ?? '127.0.0.1',
    dataDir: values.data ?? env.KEYHOLD_DATA_DIR ?? defaultDataDir(env),
    logLevel: values['log-level'] ?? env.KEYHOLD_LOG_LEVEL ?? 'info',
  };
  if (typeof raw.port === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(raw.port)) {
    throw new ConfigError(
      `port: "${raw.port}" is not a number; give an integer from 1 to 65535 (--port or KEYHOLD_PORT)`,
    );
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'config';
    const hint = field === 'port' ? ' (--port or KEYHOLD_PORT)' : '';
    throw new ConfigError(`${field}: ${issue?.message ?? 'invalid'}${hint}`);
  }
  const pinned = {
    address: values.host !== undefined || env.KEYHOLD_HOST !== undefined,
    port: values.port !== undefined || env.KEYHOLD_PORT !== undefined,
  };
  return { ...parsed.data, pinned };
}
