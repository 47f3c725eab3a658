// Start-up configuration of the headless server from flags and environment, validated before anything runs.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { checkDatabaseUrl } from './storage/postgres-url.ts';

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
  /**
   * Where the data lives: a PostgreSQL URL (several nodes may share it) or a SQLite file path; absent:
   * SQLite in the data folder (keyhold.db).
   */
  databaseUrl: z
    .string()
    .min(1, { message: 'give a postgres:// URL or a SQLite file path' })
    .superRefine((value, ctx) => {
      const problem = looksLikeUrl(value) ? checkDatabaseUrl(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /** The most PostgreSQL connections this node holds. */
  databasePoolMax: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be between 1 and 200' })
    .max(200, { message: 'must be between 1 and 200' }),
  /** PostgreSQL statements running longer are cancelled. */
  databaseStatementTimeoutMs: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(100, { message: 'must be between 100 and 600000' })
    .max(600_000, { message: 'must be between 100 and 600000' }),
  /** How this node is named in statistics and the clients list (default: host name and port). */
  nodeName: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'use 1 to 64 letters, digits, dots, dashes, colons' })
    .optional(),
});
export type ServeConfig = Omit<z.infer<typeof configSchema>, 'databaseUrl'> & {
  /** A PostgreSQL URL given with --database (several nodes may share it). */
  databaseUrl?: string;
  /** A SQLite file given with --database instead of the data folder's keyhold.db (absolute). */
  sqlitePath?: string;
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

/** A scheme and `://`: a URL (which must then be PostgreSQL's); anything else is a file path. */
const looksLikeUrl = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value);

/** Where each setting comes from, named in its error. */
const FLAG_HINTS: Record<string, string> = {
  port: ' (--port or KEYHOLD_PORT)',
  databaseUrl: ' (--database or KEYHOLD_DATABASE_URL)',
  databasePoolMax: ' (--database-pool-max or KEYHOLD_DATABASE_POOL_MAX)',
  databaseStatementTimeoutMs: ' (--database-statement-timeout-ms or KEYHOLD_DATABASE_STATEMENT_TIMEOUT_MS)',
  nodeName: ' (--node-name or KEYHOLD_NODE_NAME)',
};

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
        database: { type: 'string' },
        'database-pool-max': { type: 'string' },
        'database-statement-timeout-ms': { type: 'string' },
        'node-name': { type: 'string' },
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
    databaseUrl: values.database ?? env.KEYHOLD_DATABASE_URL,
    databasePoolMax: values['database-pool-max'] ?? env.KEYHOLD_DATABASE_POOL_MAX ?? 10,
    databaseStatementTimeoutMs:
      values['database-statement-timeout-ms'] ?? env.KEYHOLD_DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000,
    nodeName: values['node-name'] ?? env.KEYHOLD_NODE_NAME,
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
    const hint = FLAG_HINTS[field] ?? '';
    throw new ConfigError(`${field}: ${issue?.message ?? 'invalid'}${hint}`);
  }
  const pinned = {
    address: values.host !== undefined || env.KEYHOLD_HOST !== undefined,
    port: values.port !== undefined || env.KEYHOLD_PORT !== undefined,
  };
  const { databaseUrl: database, ...rest } = parsed.data;
  return {
    ...rest,
    ...(database !== undefined &&
      (looksLikeUrl(database) ? { databaseUrl: database } : { sqlitePath: path.resolve(database) })),
    pinned,
  };
}
