// The desktop-local operations (clipboard, auto-lock, keychain, external links): validated like server
// operations, answered by the main process, never forwarded.
import { type DesktopOperationName, desktopOperations, type Result } from '../../server/contract/index.ts';
import type { AutoLock } from './auto-lock.ts';
import type { ClipboardGuard } from './clipboard-guard.ts';
import { safeExternalUrl } from './external-links.ts';
import type { Keychain } from './keychain.ts';
import { invalidInput } from './results.ts';

export interface DesktopServices {
  clipboard: ClipboardGuard;
  autoLock: AutoLock;
  keychain: Keychain;
  openExternal(url: string): Promise<void>;
}

export async function runDesktopOperation(
  services: DesktopServices,
  operation: DesktopOperationName,
  rawInput: unknown,
): Promise<Result<unknown>> {
  const parsed = desktopOperations[operation].input.safeParse(rawInput ?? {});
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data as Record<string, unknown>;
  const ok = { ok: true as const, value: { ok: true as const } };
  try {
    switch (operation) {
      case 'desktop.copy':
        await services.clipboard.copy(input.text as string, input.clearAfterSeconds as number);
        return ok;
      case 'desktop.setAutoLock':
        services.autoLock.setIdleMinutes(input.idleMinutes as number);
        return ok;
      case 'desktop.keychainStatus':
        return { ok: true, value: services.keychain.status() };
      case 'desktop.keychainRemember':
        return { ok: true, value: services.keychain.remember(input.passphrase as string) };
      case 'desktop.keychainForget':
        return { ok: true, value: services.keychain.forget() };
      case 'desktop.keychainUnseal': {
        const result = await services.keychain.unseal();
        return result.ok ? ok : result;
      }
      case 'desktop.openExternal': {
        const url = safeExternalUrl(input.url as string);
        if (!url) {
          return {
            ok: false,
            error: { code: 'bad_request', message: 'only http(s) links open outside', field: 'url' },
          };
        }
        await services.openExternal(url);
        return ok;
      }
    }
  } catch (error) {
    return {
      ok: false,
      error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
