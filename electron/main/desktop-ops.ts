// The desktop-local operations (clipboard, auto-lock, keychain, external links): validated like server
// operations, answered by the main process, never forwarded.
import type { z } from 'zod';
import { type DesktopOperationName, desktopOperations, type Result } from '../../contract/index.ts';
import type { ModeController } from './app-mode.ts';
import type { AutoLock } from './auto-lock.ts';
import type { ClipboardGuard } from './clipboard-guard.ts';
import { safeExternalUrl } from './external-links.ts';
import { type Keychain, KeychainRefusal } from './keychain.ts';
import { RemoteError } from './remote-client.ts';
import { invalidInput } from './results.ts';
import type { SshAgentHost } from './ssh-agent-host.ts';

export interface DesktopServices {
  clipboard: ClipboardGuard;
  autoLock: AutoLock;
  keychain: Keychain;
  openExternal(url: string): Promise<void>;
  /** Host or client mode (see app-mode.ts). */
  modes: Pick<ModeController, 'view' | 'probe' | 'connect' | 'useHost'>;
  /** The SSH agent (ssh-agent-host.ts). */
  sshAgent: Pick<SshAgentHost, 'status' | 'setEnabled' | 'setIdentities' | 'answer' | 'giveKey'>;
}

/** A refusal from the remote server or the CA checks keeps its code; anything else is thrown on. */
async function remoteResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof RemoteError) return error.toResult();
    throw error;
  }
}

type ParsedInput<K extends DesktopOperationName> = z.output<(typeof desktopOperations)[K]['input']>;

/** One handler per desktop operation, typed by its schema: a missing or misspelt one does not compile. */
type DesktopHandlers = {
  [K in DesktopOperationName]: (input: ParsedInput<K>) => Promise<Result<unknown>>;
};

/** The same schemas, seen through a mapped type so that indexing by a generic name stays correlated. */
const inputSchemas: { [K in DesktopOperationName]: { input: z.ZodType<ParsedInput<K>> } } = desktopOperations;

const done: Result<{ ok: true }> = { ok: true, value: { ok: true } };

function desktopHandlers(services: DesktopServices): DesktopHandlers {
  return {
    'desktop.copy': async ({ text, clearAfterSeconds }) => {
      await services.clipboard.copy(text, clearAfterSeconds);
      return done;
    },
    'desktop.setAutoLock': async ({ idleMinutes }) => {
      services.autoLock.setIdleMinutes(idleMinutes);
      return done;
    },
    'desktop.keychainStatus': async () => ({ ok: true, value: await services.keychain.status() }),
    'desktop.keychainRemember': async ({ passphrase }) => {
      try {
        return { ok: true, value: await services.keychain.remember(passphrase) };
      } catch (error) {
        // Refused (no keyring on this Linux desktop, no encryption): the reason travels as a conflict.
        if (error instanceof KeychainRefusal) {
          return { ok: false, error: { code: 'conflict', message: error.message } };
        }
        throw error;
      }
    },
    'desktop.keychainForget': async () => ({ ok: true, value: await services.keychain.forget() }),
    'desktop.keychainUnseal': async () => {
      const result = await services.keychain.unseal();
      return result.ok ? done : result;
    },
    'desktop.getMode': async () => ({ ok: true, value: services.modes.view() }),
    'desktop.probeServer': ({ url }) =>
      remoteResult(async () => {
        const { caCertPem: _pem, ...met } = await services.modes.probe(url);
        return met;
      }),
    'desktop.connectServer': (input) => remoteResult(() => services.modes.connect(input)),
    'desktop.useHostMode': () => remoteResult(() => services.modes.useHost()),
    'desktop.openExternal': async ({ url }) => {
      const safe = safeExternalUrl(url);
      if (!safe) {
        return {
          ok: false,
          error: { code: 'bad_request', message: 'only http(s) links open outside', field: 'url' },
        };
      }
      await services.openExternal(safe);
      return done;
    },
    'desktop.sshAgentStatus': async () => ({ ok: true, value: services.sshAgent.status() }),
    'desktop.sshAgentSetEnabled': async ({ enabled }) => ({
      ok: true,
      value: await services.sshAgent.setEnabled(enabled),
    }),
    'desktop.sshAgentSetIdentities': async ({ identities, locked }) => ({
      ok: true,
      value: await services.sshAgent.setIdentities(identities, locked),
    }),
    'desktop.sshAgentAnswer': async ({ requestId, allow, forMinutes }) => {
      services.sshAgent.answer(requestId, allow ? { allow, forMinutes } : { allow });
      return done;
    },
    'desktop.sshAgentKey': async ({ requestId, privateKey }) => {
      services.sshAgent.giveKey(requestId, privateKey);
      return done;
    },
  };
}

async function run<K extends DesktopOperationName>(
  handlers: DesktopHandlers,
  operation: K,
  rawInput: unknown,
): Promise<Result<unknown>> {
  const parsed = inputSchemas[operation].input.safeParse(rawInput ?? {});
  if (!parsed.success) return invalidInput(parsed.error);
  return handlers[operation](parsed.data);
}

export async function runDesktopOperation(
  services: DesktopServices,
  operation: DesktopOperationName,
  rawInput: unknown,
): Promise<Result<unknown>> {
  try {
    return await run(desktopHandlers(services), operation, rawInput);
  } catch (error) {
    return {
      ok: false,
      error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
