// Starts a real Keyhold server for a test: free port, temporary data folder, real SQLite (or a fresh
// PostgreSQL database under KEYHOLD_TEST_STORE=postgres) and TLS, captured log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Agent, fetch as undiciFetch } from 'undici';
import { TEST_KDF_PARAMS } from '../../client/crypto/index.ts';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../../client/index.ts';
import {
  DATABASE_FILE,
  type KeyholdServer,
  type KeyholdServerOptions,
  startKeyholdServer,
} from '../../server/app.ts';
import { createTestDatabase, postgresSkipReason, postgresTestUrl, requirePostgres } from './postgres.ts';

export const ADMIN = {
  username: 'root-admin',
  displayName: 'Root Admin',
  password: 'correct horse battery staple',
};
export const UNSEAL_PASSPHRASE = 'unseal passphrase for tests';
export const kdf = TEST_KDF_PARAMS;

export interface TestServer {
  server: KeyholdServer;
  dataDir: string;
  /** Every line the server logged. */
  logText(): string;
  /** A fresh client trusting this server's CA, with its own keep-alive connections. */
  client(): KeyholdClient;
  fetch: typeof fetch;
  /** Stops and starts the server on the same data folder; `whileStopped` runs in between (tampering tests). */
  restart(whileStopped?: () => void | Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** The backend this server stores its data in. */
  readonly store: 'sqlite' | 'postgres';
  /**
   * Raw SQL on the server's database, as an attacker holding the database would run it (also while the
   * server is stopped): `?` placeholders on both backends; the rows, or [] for statements without rows.
   * 64-bit integers come back as numbers on both. Write SQL both dialects accept.
   */
  sql<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /** The first row sql() returns; throws when there is none. */
  sqlRow<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T>;
  /**
   * Everything the database stores, as bytes, for "no plaintext at rest" checks: on SQLite the database
   * file with its -wal and -shm; on PostgreSQL every row of every table (bytea as its bytes, text as UTF-8).
   */
  databaseBytes(): Promise<Buffer>;
}

/** The suite runs against PostgreSQL (KEYHOLD_TEST_STORE=postgres): for tests of what only SQLite has. */
export const ON_POSTGRES = process.env.KEYHOLD_TEST_STORE === 'postgres';

/** 64-bit counts and sums as numbers, as the server reads them (see server/storage/postgres-engine.ts). */
const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/** `?` placeholders (outside quoted strings and names) as PostgreSQL's $1..$n. */
function numberedPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** One stored value as the bytes it holds. */
function valueBytes(value: unknown): Buffer {
  if (value === null || value === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) return Buffer.from(value.toISOString(), 'utf8');
  if (typeof value === 'object') return Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.from(String(value), 'utf8');
}

interface RawDatabase {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
  bytes(): Promise<Buffer>;
  close(): Promise<void>;
}

function sqliteDatabase(file: string): RawDatabase {
  let db: BetterSqlite3.Database | null = null;
  return {
    query: async <T>(text: string, params: unknown[]) => {
      db ??= new BetterSqlite3(file);
      const statement = db.prepare(text);
      if (statement.reader) return statement.all(...params) as T[];
      statement.run(...params);
      return [];
    },
    bytes: async () => {
      const parts = [readFileSync(file)];
      for (const suffix of ['-wal', '-shm']) {
        try {
          parts.push(readFileSync(file + suffix));
        } catch {
          // The WAL may have been checkpointed away.
        }
      }
      return Buffer.concat(parts);
    },
    close: async () => {
      db?.close();
      db = null;
    },
  };
}

function postgresDatabase(url: string): RawDatabase {
  let connecting: Promise<pg.Client> | null = null;
  const connect = () => {
    connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: url,
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            oid === PG_INT8 || oid === PG_NUMERIC
              ? (value: string) => Number(value)
              : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
        },
      });
      // The database is dropped with (force) at the end: a late error must not crash the test run.
      client.on('error', () => undefined);
      await client.connect();
      return client;
    })();
    return connecting;
  };
  const query = async <T>(text: string, params: unknown[]): Promise<T[]> => {
    const client = await connect();
    const result = await client.query(numberedPlaceholders(text), params);
    return (result.rows ?? []) as T[];
  };
  return {
    query,
    bytes: async () => {
      const tables = await query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
        [],
      );
      const parts: Buffer[] = [];
      for (const { name } of tables) {
        const rows = await query<Record<string, unknown>>(
          `select * from "${name.replaceAll('"', '""')}"`,
          [],
        );
        for (const row of rows) for (const value of Object.values(row)) parts.push(valueBytes(value));
      }
      return Buffer.concat(parts);
    },
    close: async () => {
      const pending = connecting;
      connecting = null;
      if (pending) await (await pending.catch(() => null))?.end().catch(() => undefined);
    },
  };
}

export interface TestServerOptions {
  now?: () => Date;
  dataDir?: string;
  /** How often the backup schedule and audit retention look for work (short, for tests of them). */
  backupCheckMs?: number;
  auditRetentionCheckMs?: number;
  /** PostgreSQL instead of SQLite in the data folder (several test servers may share one database). */
  database?: { url: string };
  /** The node's name in statistics and the clients list. */
  nodeName?: string;
  /** Short timeouts for slow clients, for the tests of them (KeyholdServerOptions.connectionTimeouts). */
  connectionTimeouts?: KeyholdServerOptions['connectionTimeouts'];
  /** A folder with a built web UI to serve at `/`. */
  webRoot?: string;
}

/** A fresh database per server when the suite runs against PostgreSQL (KEYHOLD_TEST_STORE=postgres). */
async function databaseFor(
  options: TestServerOptions,
): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (options.database) return { url: options.database.url, drop: async () => undefined };
  if (!ON_POSTGRES) return null;
  requirePostgres();
  if (!postgresTestUrl()) {
    throw new Error(`KEYHOLD_TEST_STORE=postgres needs a PostgreSQL: ${postgresSkipReason}`);
  }
  return createTestDatabase();
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await databaseFor(options);
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'keyhold-test-'));
  const lines: string[] = [];
  const destination = { write: (line: string) => void lines.push(line) };
  const start = () =>
    startKeyholdServer({
      dataDir,
      port: 0,
      logLevel: 'debug',
      logDestination: destination,
      unsealKdf: { memoryKiB: 1024, iterations: 1, parallelism: 1 },
      synchronous: 'normal',
      ...(options.now && { now: options.now }),
      ...(options.backupCheckMs && { backupCheckMs: options.backupCheckMs }),
      ...(options.auditRetentionCheckMs && { auditRetentionCheckMs: options.auditRetentionCheckMs }),
      ...(database && { database: { url: database.url } }),
      ...(options.nodeName && { nodeName: options.nodeName }),
      ...(options.connectionTimeouts && { connectionTimeouts: options.connectionTimeouts }),
      ...(options.webRoot && { webRoot: options.webRoot }),
    });
  let server = await start();
  const raw = database ? postgresDatabase(database.url) : sqliteDatabase(path.join(dataDir, DATABASE_FILE));
  const agents: Agent[] = [];
  const makeFetch = (): typeof fetch => {
    const agent = new Agent({ connect: { ca: server.caCertPem } });
    agents.push(agent);
    return ((input: string | URL, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  };
  const harness: TestServer = {
    get server() {
      return server;
    },
    dataDir,
    logText: () => lines.join(''),
    client: () => new KeyholdClient(createHttpsTransport({ baseUrl: server.url, fetch: makeFetch() })),
    get fetch() {
      return makeFetch();
    },
    restart: async (whileStopped) => {
      // On SQLite the server closes last, as without the tests' connection (it opens again when used).
      if (!database) await raw.close();
      await server.close();
      await whileStopped?.();
      server = await start();
    },
    stop: async () => {
      // KEYHOLD_TEST_SHOW_SERVER_ERRORS=1 shows what the server logged as errors (e.g. a dialect mismatch).
      if (process.env.KEYHOLD_TEST_SHOW_SERVER_ERRORS) {
        for (const line of lines)
          if (line.includes('"level":50')) process.stderr.write(`server error: ${line}`);
      }
      await Promise.all(agents.map((a) => a.close()));
      await server.close();
      // Closed before the folder is removed or the database dropped.
      await raw.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
    store: database ? 'postgres' : 'sqlite',
    sql: (text, ...params) => raw.query(text, params),
    sqlRow: async <T>(text: string, ...params: unknown[]) => {
      const [row] = await raw.query<T>(text, params);
      if (row === undefined) throw new Error(`no row from: ${text}`);
      return row;
    },
    databaseBytes: () => raw.bytes(),
  };
  return harness;
}

/** Initialises the server with a passphrase and signs the first admin in. */
export async function initAndLoginAdmin(t: Pick<TestServer, 'client'>): Promise<VaultSession> {
  await VaultSession.initialize(t.client(), {
    unseal: { method: 'passphrase', passphrase: UNSEAL_PASSPHRASE },
    admin: ADMIN,
    kdf,
  });
  return VaultSession.login(t.client(), ADMIN.username, ADMIN.password, 'cli');
}

/** Has the admin create a user, then enrolls and signs them in. */
export async function addUser(
  t: Pick<TestServer, 'client'>,
  admin: VaultSession,
  username: string,
  role: 'admin' | 'moderator' | 'user' = 'user',
  password = `${username} password 123`,
): Promise<{ session: VaultSession; userId: string; password: string }> {
  const { userId, enrollmentCode } = await admin.client.request('createUser', {
    username,
    displayName: username,
    role,
  });
  await VaultSession.enroll(t.client(), username, enrollmentCode, password, kdf);
  const session = await VaultSession.login(t.client(), username, password, 'cli');
  return { session, userId, password };
}
