// A signed-in user's vault: secrets are encrypted before they leave and decrypted only when asked for.
import type { ClientKind, InputOf, KdfParamsInput, OutputOf, SecretSummary } from '../contract/index.ts';
import { Attachments } from './attachments/attachments.ts';
import { BulkItems } from './bulk-items.ts';
import { fetchContentKey } from './content-key.ts';
import { makeCredentials, prepareLogin, type UserKeys } from './credentials.ts';
import {
  decryptItem,
  encryptItem,
  fingerprint,
  fromBase64,
  newContentKey,
  toBase64,
  unwrapForUser,
  utf8Decode,
  utf8Encode,
  wrapForOwner,
} from './crypto/index.ts';
import { type ItemPayload, itemPayloadSchema, type OpenedPayload } from './item-payload.ts';
import type { KeyholdClient } from './keyhold-client.ts';
import type { MachineToken } from './machine-identity.ts';
import { Sharing } from './sharing.ts';
import { adoptVaultKey, rewrapLegacyKeys } from './vault-key-migration.ts';

export interface NewSecretInput {
  name: string;
  path?: string;
  tags?: string[];
  type: SecretSummary['type'];
  payload: ItemPayload;
}

export interface OpenedSecret extends SecretSummary {
  valueVersion: number;
  /** When this version was written (an imported one keeps the date it had in the tool it came from). */
  valueCreatedAt: string;
  /** When the secret itself was first made. */
  secretCreatedAt: string;
  payload: OpenedPayload;
}

type User = OutputOf<'login'>['user'];

/**
 * What a command-line tool keeps between runs to use a session again without the password: the token,
 * the operation count, the private key and the vault key (base64). Whoever reads it can act as the user
 * until logout. A state saved before vault keys has none: its new items are wrapped to the public key.
 */
export interface VaultSessionState {
  token: string;
  opNumber: number;
  sessionId: string;
  user: User;
  publicKey: string;
  privateKey: string;
  vaultKey?: string;
}

export class VaultSession {
  readonly client: KeyholdClient;
  readonly user: User;
  readonly sessionId: string;
  readonly #keys: UserKeys;

  private constructor(client: KeyholdClient, user: User, sessionId: string, keys: UserKeys) {
    this.client = client;
    this.user = user;
    this.sessionId = sessionId;
    this.#keys = keys;
  }

  get fingerprint(): string {
    return fingerprint(this.#keys.publicKey);
  }

  /** Many items sealed or opened at once (import, export), with this user's keys. */
  get bulk(): BulkItems {
    return new BulkItems(this.#keys);
  }

  /** Files on items, sealed and opened with this user's keys. */
  get attachments(): Attachments {
    return new Attachments(this.client, this.#keys);
  }

  /** Contacts, grants, revocation and key rotation, all with this user's keys. */
  get sharing(): Sharing {
    return new Sharing(this.client, this.#keys, this.user.id);
  }

  /**
   * Signs a machine identity in with its token file. The key pair comes from the file, and the server's
   * copy of the public key must match it: a server that swapped keys is caught here.
   */
  static async loginWithToken(client: KeyholdClient, token: MachineToken): Promise<VaultSession> {
    const session = await VaultSession.login(client, token.username, token.secret, 'cli');
    if (session.fingerprint !== token.fingerprint || session.user.id !== token.userId) {
      await session.logout();
      throw new Error('the server holds a different key for this machine identity than its token file');
    }
    return session;
  }

  /**
   * prelogin → derive on this device → login with the authentication hash → unwrap the private key and the
   * vault key. An account from before vault keys gets one here, and its own items' keys are re-wrapped under
   * it before this returns (`options.onMigration` hears the progress); an item that fails to re-wrap keeps
   * its old wrapping, which still opens.
   */
  static async login(
    client: KeyholdClient,
    username: string,
    password: string,
    clientKind: ClientKind,
    options: { onMigration?: (done: number, total: number) => void } = {},
  ): Promise<VaultSession> {
    const unlocked = await prepareLogin(client, username, password);
    let vault: VaultSession;
    let migrating = false;
    try {
      const session = await client.request('login', { username, authHash: unlocked.authHash, clientKind });
      client.setToken(session.token);
      const privateKey = unlocked.open(session.encryptedPrivateKey);
      const publicKey = fromBase64(session.publicKey);
      migrating = session.encryptedVaultKey === null;
      const vaultKey =
        session.encryptedVaultKey === null
          ? await adoptVaultKey(client, publicKey, unlocked)
          : unlocked.openVaultKey(session.encryptedVaultKey);
      vault = new VaultSession(client, session.user, session.sessionId, { privateKey, publicKey, vaultKey });
    } finally {
      unlocked.forget();
    }
    if (migrating) await vault.rewrapLegacyKeys(options.onMigration);
    return vault;
  }

  /**
   * Re-wraps under the vault key this user's own content keys still wrapped to their public key. Sign-in
   * does it once, when it makes the vault key; run again it finishes a migration that was cut short.
   */
  rewrapLegacyKeys(onProgress?: (done: number, total: number) => void) {
    return rewrapLegacyKeys(this.client, this.#keys, onProgress);
  }

  /** Takes up a session saved by saveState; the server still decides whether it is alive. */
  static resume(client: KeyholdClient, state: VaultSessionState): VaultSession {
    client.resumeSession(state.token, state.opNumber);
    return new VaultSession(client, state.user, state.sessionId, {
      privateKey: fromBase64(state.privateKey),
      publicKey: fromBase64(state.publicKey),
      vaultKey: state.vaultKey === undefined ? null : fromBase64(state.vaultKey),
    });
  }

  /** Everything resume needs, including the private key: the caller must store it for this user only. */
  saveState(): VaultSessionState {
    const state = this.client.sessionState;
    if (!state) throw new Error('this session has ended');
    return {
      ...state,
      sessionId: this.sessionId,
      user: this.user,
      publicKey: toBase64(this.#keys.publicKey),
      privateKey: toBase64(this.#keys.privateKey),
      ...(this.#keys.vaultKey && { vaultKey: toBase64(this.#keys.vaultKey) }),
    };
  }

  /** Redeems an enrollment code: the password and key pair are made here, the server gets only their armour. */
  static async enroll(
    client: KeyholdClient,
    username: string,
    code: string,
    password: string,
    kdf: KdfParamsInput,
  ) {
    const { credentials } = await makeCredentials(password, kdf);
    return client.request('enroll', { username, code, credentials });
  }

  /** First run: initialise the server and make the first administrator. */
  static async initialize(
    client: KeyholdClient,
    options: {
      unseal: InputOf<'init'>['unseal'];
      admin: { username: string; displayName: string; password: string };
      kdf: KdfParamsInput;
    },
  ) {
    const { credentials } = await makeCredentials(options.admin.password, options.kdf);
    return client.request('init', {
      unseal: options.unseal,
      admin: { username: options.admin.username, displayName: options.admin.displayName, credentials },
    });
  }

  async changePassword(currentPassword: string, newPassword: string, kdf: KdfParamsInput): Promise<void> {
    const current = await prepareLogin(this.client, this.user.username, currentPassword);
    try {
      // A session resumed from before vault keys holds none: take the stored one (never a fresh one, which
      // would strand every item wrapped under the stored one).
      this.#keys.vaultKey ??= await adoptVaultKey(this.client, this.#keys.publicKey, current);
    } finally {
      current.forget();
    }
    // The same key pair and vault key, re-sealed under the new password: no item's wrapped key changes.
    const { credentials } = await makeCredentials(newPassword, kdf, this.#keys);
    await this.client.request('changePassword', { currentAuthHash: current.authHash, credentials });
  }

  async createSecret(input: NewSecretInput): Promise<{ id: string; version: number }> {
    const id = crypto.randomUUID();
    const contentKey = newContentKey();
    try {
      return await this.client.request('createSecret', {
        id,
        name: input.name,
        path: input.path ?? '/',
        tags: input.tags ?? [],
        type: input.type,
        value: this.#seal(contentKey, input.payload, id, 1),
        wrappedKey: wrapForOwner(contentKey, this.#keys, id),
      });
    } finally {
      contentKey.fill(0);
    }
  }

  /** Fetches one secret and decrypts it here; nothing else of the vault is decrypted. */
  async readSecret(id: string, version?: number): Promise<OpenedSecret> {
    const {
      value,
      wrappedKey,
      createdAt: valueCreatedAt,
      ...summary
    } = await this.client.request('readSecret', version === undefined ? { id } : { id, version });
    const contentKey = unwrapForUser(wrappedKey, this.#keys, id);
    try {
      const plain = decryptItem(contentKey, value, { secretId: id, version: summary.valueVersion });
      return { ...summary, valueCreatedAt, payload: itemPayloadSchema.parse(JSON.parse(utf8Decode(plain))) };
    } finally {
      contentKey.fill(0);
    }
  }

  /**
   * Changes a secret if it is still as the caller saw it (check-and-set); a new payload is encrypted for the
   * next version. Give the secret as read (its version and revision) so that a rename made meanwhile is a
   * conflict rather than overwritten; a bare version number is enough for a value-only change.
   */
  async updateSecret(
    id: string,
    expected: number | { version: number; revision: number },
    change: Partial<Omit<NewSecretInput, 'payload'>> & { payload?: ItemPayload },
  ): Promise<{ id: string; version: number }> {
    const expectedVersion = typeof expected === 'number' ? expected : expected.version;
    const { payload, ...meta } = change;
    let value: string | undefined;
    if (payload !== undefined) {
      const contentKey = await fetchContentKey(this.client, this.#keys, id);
      try {
        value = this.#seal(contentKey, payload, id, expectedVersion + 1);
      } finally {
        contentKey.fill(0);
      }
    }
    return this.client.request('updateSecret', {
      id,
      expectedVersion,
      ...(typeof expected !== 'number' && { expectedRevision: expected.revision }),
      ...meta,
      ...(value !== undefined && { value }),
    });
  }

  async logout(): Promise<void> {
    try {
      await this.client.request('logout', {});
    } finally {
      this.client.setToken(null);
      this.#keys.privateKey.fill(0);
      this.#keys.vaultKey?.fill(0);
    }
  }

  #seal(contentKey: Uint8Array, payload: ItemPayload, id: string, version: number): string {
    const json = JSON.stringify(itemPayloadSchema.parse(payload));
    return encryptItem(contentKey, utf8Encode(json), { secretId: id, version });
  }
}
