// The desktop platform: every call crosses preload's one bridge; main measures idle time and clears the clipboard.
import { createIpcTransport, KeyholdError } from '../../client/index.ts';
import type {
  DesktopInputOf,
  DesktopOperationName,
  DesktopOutputOf,
  KeyholdBridge,
} from '../../contract/index.ts';
import type { Platform } from './platform.ts';

export function createDesktopPlatform(bridge: KeyholdBridge): Platform {
  async function desktop<K extends DesktopOperationName>(
    operation: K,
    input: DesktopInputOf<K>,
  ): Promise<DesktopOutputOf<K>> {
    const result = await bridge.call({ operation, input, token: null, opNumber: null });
    // The code travels too, so the window can say what kind of refusal it was.
    if (!result.ok) throw new KeyholdError(result.error);
    return result.value as DesktopOutputOf<K>;
  }
  return {
    kind: 'desktop',
    transport: createIpcTransport(bridge),
    tracksIdle: true,
    async copy(text, clearAfterSeconds) {
      await desktop('desktop.copy', { text, clearAfterSeconds });
    },
    setAutoLock(idleMinutes) {
      void desktop('desktop.setAutoLock', { idleMinutes }).catch(() => {});
    },
    onLock(listener) {
      return bridge.onEvent((event) => {
        if (event.type === 'lock') listener(event.reason);
      });
    },
    keychain: {
      status: () => desktop('desktop.keychainStatus', {}),
      remember: (passphrase) => desktop('desktop.keychainRemember', { passphrase }),
      forget: () => desktop('desktop.keychainForget', {}),
      unseal: async () => {
        await desktop('desktop.keychainUnseal', {});
      },
    },
    connection: {
      mode: () => desktop('desktop.getMode', {}),
      probe: (url) => desktop('desktop.probeServer', { url }),
      connect: (input) => desktop('desktop.connectServer', input),
      switchToHost: () => desktop('desktop.useHostMode', {}),
    },
    sshAgent: {
      status: () => desktop('desktop.sshAgentStatus', {}),
      setEnabled: (enabled) => desktop('desktop.sshAgentSetEnabled', { enabled }),
      setIdentities: (identities, locked) => desktop('desktop.sshAgentSetIdentities', { identities, locked }),
      answer: async (requestId, allow, forMinutes) => {
        await desktop('desktop.sshAgentAnswer', { requestId, allow, forMinutes });
      },
      giveKey: async (requestId, privateKey) => {
        await desktop('desktop.sshAgentKey', { requestId, privateKey });
      },
      onAsk: (listener) =>
        bridge.onEvent((event) => {
          if (event.type === 'ssh-sign-request') listener({ type: 'sign', request: event.request });
          if (event.type === 'ssh-sign-settled') listener({ type: 'settled', requestId: event.requestId });
          if (event.type === 'ssh-key-request')
            listener({ type: 'key', requestId: event.requestId, itemId: event.itemId });
        }),
    },
  };
}
