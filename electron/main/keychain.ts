// "Unseal with this computer's keychain": the unseal passphrase kept encrypted by the OS (Electron
// safeStorage: Keychain, DPAPI, libsecret) in an owner-only file. The passphrase never goes back to the window.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { BridgeRequest, Result } from '../../server/contract/index.ts';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface KeychainStatus {
  available: boolean;
  remembered: boolean;
}

export class Keychain {
  readonly #storage: SafeStorageLike;
  readonly #file: string;
  readonly #call: (request: BridgeRequest) => Promise<Result<unknown>>;

  constructor(
    storage: SafeStorageLike,
    file: string,
    call: (request: BridgeRequest) => Promise<Result<unknown>>,
  ) {
    this.#storage = storage;
    this.#file = file;
    this.#call = call;
  }

  status(): KeychainStatus {
    return { available: this.#storage.isEncryptionAvailable(), remembered: existsSync(this.#file) };
  }

  remember(passphrase: string): KeychainStatus {
    if (!this.#storage.isEncryptionAvailable()) throw new Error("this computer's keychain is not available");
    writeFileSync(this.#file, this.#storage.encryptString(passphrase), { mode: 0o600 });
    chmodSync(this.#file, 0o600);
    return this.status();
  }

  forget(): KeychainStatus {
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
    const passphrase = this.#storage.decryptString(readFileSync(this.#file));
    return this.#call({ operation: 'unseal', input: { passphrase }, token: null, opNumber: null });
  }
}
