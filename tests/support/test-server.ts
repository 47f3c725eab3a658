// Starts a real Keyhold server for a test: free port, temporary data folder, real SQLite and TLS, captured log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Agent, fetch as undiciFetch } from 'undici';
import { TEST_KDF_PARAMS } from '../../client/crypto/index.ts';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../../client/index.ts';
import { DATABASE_FILE, type KeyholdServer, startKeyholdServer } from '../../server/app.ts';

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
  databaseBytes(): Buffer;
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
}

/** A fresh database per server when the suite runs against PostgreSQL (KEYHOLD_TEST_STORE=postgres). */
async function databaseFor(
  options: TestServerOptions,
): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (options.database) return { url: options.database.url, drop: async () => undefined };
  if (process.env.KEYHOLD_TEST_STORE !== 'postgres') return null;
  const admin = process.env.KEYHOLD_TEST_PG_URL;
  if (!admin) throw new Error('KEYHOLD_TEST_STORE=postgres needs KEYHOLD_TEST_PG_URL');
  const pg = (await import('pg')).default;
  const name = `keyhold_t_${Math.random().toString(16).slice(2, 12)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
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
    });
  let server = await start();
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
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
    databaseBytes: () => {
      const file = path.join(dataDir, DATABASE_FILE);
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
  };
  return harness;
}

/** The server's database file opened beside it, as an attacker holding the file would. */
export function openDatabase(t: TestServer): BetterSqlite3.Database {
  return new BetterSqlite3(path.join(t.dataDir, DATABASE_FILE));
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
