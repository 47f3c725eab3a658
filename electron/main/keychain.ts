// "Unseal with this computer's keychain": the unseal passphrase kept encrypted by the OS (Electron
// safeStorage: Keychain, DPAPI, libsecret/KWallet) in an owner-only file. The passphrase never goes back to
// the window.
//
// On Linux without a keyring, safeStorage falls back to `basic_text`, a key hard-coded in Chromium, and
// still reports encryption as available; a passphrase "kept" that way is readable by anyone who can read
// the file. So on Linux the passphrase is kept only when getSelectedStorageBackend() names a real keyring,
// and the backend is recorded beside the ciphertext: if it changes (another desktop, --password-store),
// the kept passphrase is refused rather than decrypted with the wrong keyring, as Signal Desktop does
// (SafeStorageBackendChangeError in app/main.main.ts).
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { BridgeRequest, KeychainUnavailableReason, Result } from '../../contract/index.ts';
import type { SafeStorageSurface } from './electron-surface.ts';

export type SafeStorageLike = SafeStorageSurface;

/** Linux backends that are a keyring (electron.d.ts: getSelectedStorageBackend); basic_text and unknown are not. */
const LINUX_KEYRINGS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export interface KeychainStatus {
  /** Whether a passphrase can be kept now. */
  available: boolean;
  remembered: boolean;
  /** Why it cannot be kept, or why the one kept cannot be used; null when all is well. */
  reason: KeychainUnavailableReason | null;
}

/** The file: the backend it was encrypted with, and the ciphertext. */
const keptSchema = z
  .object({
    version: z.literal(1),
    backend: z.string().max(64),
    sealed: z.base64().max(16_384),
  })
  .strict();

export class Keychain {
  readonly #storage: SafeStorageLike;
  readonly #file: string;
  readonly #call: (request: BridgeRequest) => Promise<Result<unknown>>;
  readonly #platform: NodeJS.Platform;

  constructor(
    storage: SafeStorageLike,
    file: string,
    call: (request: BridgeRequest) => Promise<Result<unknown>>,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.#storage = storage;
    this.#file = file;
    this.#call = call;
    this.#platform = platform;
  }

  /** The backend's name as recorded: Linux's own, or the platform's single one elsewhere. */
  #backend(): string {
    return this.#platform === 'linux' ? this.#storage.getSelectedStorageBackend() : this.#platform;
  }

  async #refusal(): Promise<KeychainUnavailableReason | null> {
    if (this.#platform === 'linux' && !LINUX_KEYRINGS.has(this.#storage.getSelectedStorageBackend())) {
      return 'no-keyring';
    }
    if (!(await this.#storage.isAsyncEncryptionAvailable())) return 'no-encryption';
    return null;
  }

  async status(): Promise<KeychainStatus> {
    const refusal = await this.#refusal();
    const remembered = existsSync(this.#file);
    let reason = refusal;
    if (!reason && remembered) {
      const kept = this.#readKept();
      if (kept && kept.backend !== this.#backend()) reason = 'backend-changed';
    }
    return { available: refusal === null, remembered, reason };
  }

  async remember(passphrase: string): Promise<KeychainStatus> {
    const refusal = await this.#refusal();
    if (refusal) throw new KeychainRefusal(refusal);
    const sealed = await this.#storage.encryptStringAsync(passphrase);
    this.#write(sealed);
    return this.status();
  }

  async forget(): Promise<KeychainStatus> {
    rmSync(this.#file, { force: true });
    return this.status();
  }

  /** Unseals the embedded server with the kept passphrase; the answer is the server's own. */
  async unseal(): Promise<Result<unknown>> {
    if (!existsSync(this.#file)) {
      return {
        ok: false,
        error: { code: 'not_found', message: "no unseal passphrase is kept in this computer's keychain" },
      };
    }
    const refusal = await this.#refusal();
    if (refusal) return { ok: false, error: { code: 'conflict', message: KEYCHAIN_REFUSALS[refusal] } };
    const kept = this.#readKept();
    if (!kept) {
      return {
        ok: false,
        error: {
          code: 'conflict',
          message: 'the kept unseal passphrase cannot be read; forget it and unseal with the passphrase',
        },
      };
    }
    if (kept.backend !== this.#backend()) {
      return {
        ok: false,
        error: { code: 'conflict', message: KEYCHAIN_REFUSALS['backend-changed'] },
      };
    }
    const { result: passphrase, shouldReEncrypt } = await this.#storage.decryptStringAsync(
      Buffer.from(kept.sealed, 'base64'),
    );
    // The OS rotated its key (or offers a better one): keep the passphrase under the new one.
    if (shouldReEncrypt) this.#write(await this.#storage.encryptStringAsync(passphrase));
    return this.#call({ operation: 'unseal', input: { passphrase }, token: null, opNumber: null });
  }

  #readKept(): z.infer<typeof keptSchema> | null {
    try {
      return keptSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch {
      return null;
    }
  }

  #write(sealed: Buffer): void {
    const kept: z.infer<typeof keptSchema> = {
      version: 1,
      backend: this.#backend(),
      sealed: sealed.toString('base64'),
    };
    const temp = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(kept)}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.#file);
  }
}

/** The refusals in words (the window shows its own translated sentence for each reason). */
export const KEYCHAIN_REFUSALS: Record<KeychainUnavailableReason, string> = {
  'no-keyring':
    'no keyring (GNOME Keyring, KWallet) is running on this computer, so the unseal passphrase would be stored under a key built into the app; it is not kept',
  'no-encryption': "this computer's keychain is not available",
  'backend-changed':
    'the unseal passphrase was kept by another keyring than the one this computer uses now; unseal with the passphrase and keep it again',
};

export class KeychainRefusal extends Error {
  constructor(readonly reason: KeychainUnavailableReason) {
    super(KEYCHAIN_REFUSALS[reason]);
    this.name = 'KeychainRefusal';
  }
}
