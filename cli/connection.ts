// Connecting to the pinned server: an HTTPS client that trusts only the pinned CA, and the saved session
// taken up again for one command and written back (with its operation count) when the command ends.
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { KeyholdClient, KeyholdError } from '../client/keyhold-client.ts';
import { createHttpsTransport } from '../client/transport/https-transport.ts';
import { VaultSession } from '../client/vault-session.ts';
import type { CliConfig, ConfigStore, SessionFile } from './config-store.ts';
import { CliError, SESSION_EXPIRED } from './errors.ts';
import { lockSession } from './session-lock.ts';

export interface ClientTls {
  caPem: string;
  clientCert?: string | undefined;
  clientKey?: string | undefined;
}

function readPemFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CliError(`cannot read the ${what} ${file} (${reason})`);
  }
}

/** A client that trusts the pinned CA only (not the system's), with a client certificate when configured. */
export function createClient(
  server: string,
  tls: ClientTls,
): { client: KeyholdClient; close: () => Promise<void> } {
  const agent = new Agent({
    connect: {
      ca: tls.caPem,
      ...(tls.clientCert && { cert: readPemFile(tls.clientCert, 'client certificate') }),
      ...(tls.clientKey && { key: readPemFile(tls.clientKey, 'client key') }),
    },
  });
  // undici's own fetch takes the dispatcher; its types differ from the DOM's fetch only in name.
  const doFetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  return {
    client: new KeyholdClient(createHttpsTransport({ baseUrl: server, fetch: doFetch })),
    close: () => agent.close(),
  };
}

export function requireConfig(store: ConfigStore): CliConfig {
  const config = store.readConfig();
  if (!config) throw new CliError('not set up yet — run keyhold login --server URL --ca FILE');
  return config;
}

export interface OpenSession {
  session: VaultSession;
  kind: SessionFile['kind'];
  config: CliConfig;
}

/**
 * Runs one command in the saved session. The operation count is written back even when the command
 * fails, so the next run does not reuse a number the server has seen; an expired session is forgotten.
 */
export async function withSession<T>(
  store: ConfigStore,
  work: (open: OpenSession) => Promise<T>,
): Promise<T> {
  const config = requireConfig(store);
  if (!store.readSession()) throw new CliError('not signed in — run keyhold login');
  const unlock = await lockSession(store.dir);
  try {
    return await inSession(store, config, work);
  } finally {
    unlock();
  }
}

async function inSession<T>(
  store: ConfigStore,
  config: CliConfig,
  work: (open: OpenSession) => Promise<T>,
): Promise<T> {
  // Read again under the lock: the command before this one has moved the operation count on.
  const saved = store.readSession();
  if (!saved) throw new CliError('not signed in — run keyhold login');
  if (saved.server !== config.server) {
    store.deleteSession();
    throw new CliError(`the saved session is for ${saved.server}, not ${config.server} — run keyhold login`);
  }
  const { client, close } = createClient(config.server, config);
  const session = VaultSession.resume(client, saved);
  let expired = false;
  try {
    return await work({ session, kind: saved.kind, config });
  } catch (error) {
    if (
      error instanceof KeyholdError &&
      (error.code === 'session_expired' || error.code === 'unauthenticated')
    ) {
      expired = true;
      throw new CliError(SESSION_EXPIRED);
    }
    throw error;
  } finally {
    const state = client.sessionState;
    if (expired || !state) store.deleteSession();
    else store.writeSession({ ...saved, opNumber: state.opNumber });
    await close();
  }
}
