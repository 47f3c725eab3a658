// Opening and closing the seal: what the services load at unseal and drop at seal, in the order that keeps a
// request from meeting half-loaded memory. ServerState holds the keys; this step drives the services.
import type { AppContext } from './app-context.ts';
import { checkSeal } from './audit/audit-seal.ts';
import { openRowIntegrity } from './integrity/open-integrity.ts';
import type { Keyring } from './keyring/index.ts';
import { loadOrCreateServerKey, loadSettings } from './settings/settings-repo.ts';

/** What opening and closing the seal reaches (a handler's ctx has all of it). */
export type SealLifecycleContext = Pick<
  AppContext,
  'state' | 'store' | 'log' | 'secrets' | 'sessions' | 'audit' | 'cluster' | 'tls'
>;

/** Takes an opened keyring: loads settings and rebuilds the in-memory copies from sealed rows, then serves. */
export async function openSeal(app: SealLifecycleContext, keyring: Keyring): Promise<void> {
  const { state, store, log } = app;
  const nowIso = state.now().toISOString();
  // Before anything is loaded: changes other nodes commit from here on are applied by later polls.
  await app.cluster?.begin();
  const settings = await loadSettings(store.db, keyring);
  const decoyKey = await loadOrCreateServerKey(store, keyring, 'prelogin-decoy', nowIso);
  // Row tags on (before any row is loaded), old rows tagged once, the generation checked against its copy.
  const integrity = await openRowIntegrity({
    store,
    keyring,
    log,
    now: state.now,
    audit: (record) => app.audit.write(record, null),
  });
  await app.secrets.load(keyring);
  // Checked before anything new is sealed: sealing first would bless a chain rewritten while stopped.
  const seal = await checkSeal(store.db, keyring);
  if (!seal.ok) {
    log.error({ brokenAt: seal.brokenAt, reason: seal.reason }, 'the audit chain does not match its seal');
  }
  app.audit.sealing(seal.ok);
  state.open({ keyring, settings, decoyKey });
  await app.tls?.afterUnseal(store, keyring, state.now(), log);
  log.info({ secrets: app.secrets.index.size, term: keyring.currentTerm }, 'keyring unsealed');
  for (const listener of state.onOpen) listener();
  await integrity.ready();
}

/** Drops every key and every copy opened with it; from now on only status and unseal are answered. */
export function closeSeal(app: SealLifecycleContext): void {
  app.state.close();
  app.secrets.clear();
  app.sessions.clear();
  app.log.info('keyring sealed');
}
