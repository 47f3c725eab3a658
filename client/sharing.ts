// Sharing on the client: contacts pinned by key, content keys wrapped to each reader, rotation on revoke.
// Nothing here trusts a public key the server hands out unless it matches the pin this user made.

import type { Contact, OutputOf, Principal } from '../contract/index.ts';
import { rewrapAttachmentKeys } from './attachments/attachment-transfer.ts';
import { fetchContentKey } from './content-key.ts';
import type { UserKeys } from './credentials.ts';
import {
  decryptItem,
  encryptItem,
  fingerprint,
  fromBase64,
  keyPin,
  newContentKey,
  pinMatches,
  unwrapForUser,
  wrapContentKey,
  wrapForOwner,
} from './crypto/index.ts';
import type { KeyholdClient } from './keyhold-client.ts';

export interface PinnedContact extends Contact {
  fingerprint: string;
  /** The server now gives a different public key than the one pinned: warn, compare, re-pin. */
  keyChanged: boolean;
}

/** Thrown before anything is wrapped to a key that does not match the contact's pin. */
export class KeyChangedError extends Error {
  readonly principalId: string;
  readonly fingerprint: string;
  constructor(principalId: string, username: string, publicKey: string) {
    const print = fingerprint(fromBase64(publicKey));
    super(
      `the public key of ${username} has changed (now ${print}); compare it with them before sharing again`,
    );
    this.name = 'KeyChangedError';
    this.principalId = principalId;
    this.fingerprint = print;
  }
}

export class NotAContactError extends Error {
  constructor(username: string) {
    super(`${username} is not in your contacts: add them (and compare their fingerprint) first`);
    this.name = 'NotAContactError';
  }
}

export type Permission = 'read' | 'write';

export class Sharing {
  readonly #client: KeyholdClient;
  readonly #keys: UserKeys;
  readonly #userId: string;

  constructor(client: KeyholdClient, keys: UserKeys, userId: string) {
    this.#client = client;
    this.#keys = keys;
    this.#userId = userId;
  }

  /** A principal by name, with the fingerprint to compare before adding them. */
  async find(username: string): Promise<Principal & { fingerprint: string }> {
    const principal = await this.#client.request('findPrincipal', { username });
    return { ...principal, fingerprint: fingerprint(fromBase64(principal.publicKey)) };
  }

  /** Adds a contact, pinning the very public key whose fingerprint was shown to the user. */
  async addContact(principal: Principal): Promise<PinnedContact> {
    const pin = keyPin(this.#keys.privateKey, principal.userId, fromBase64(principal.publicKey));
    return this.#view(await this.#client.request('addContact', { userId: principal.userId, keyPin: pin }));
  }

  /** After comparing the new fingerprint out of band: pin the contact's current key. */
  async acceptNewKey(contact: Contact): Promise<PinnedContact> {
    const pin = keyPin(this.#keys.privateKey, contact.userId, fromBase64(contact.publicKey));
    return this.#view(await this.#client.request('repinContact', { userId: contact.userId, keyPin: pin }));
  }

  async removeContact(userId: string): Promise<void> {
    await this.#client.request('removeContact', { userId });
  }

  async contacts(query?: string): Promise<PinnedContact[]> {
    const { contacts } = await this.#client.request('listContacts', query ? { query } : {});
    return contacts.map((c) => this.#view(c));
  }

  thread(userId: string) {
    return this.#client.request('contactThread', { userId });
  }

  sharedWithMe(query?: string) {
    return this.#client.request('listSharedWithMe', query ? { query } : {});
  }

  grants(secretId: string) {
    return this.#client.request('listSecretGrants', { id: secretId });
  }

  /** Wraps the secret's content key to the contact's pinned public key and grants it. */
  async share(secretId: string, contact: Contact, permission: Permission): Promise<void> {
    this.#assertPinned(contact);
    const contentKey = await fetchContentKey(this.#client, this.#keys, secretId);
    try {
      const wrappedKey = wrapContentKey(contentKey, fromBase64(contact.publicKey), secretId);
      await this.#client.request('shareSecret', {
        id: secretId,
        principalId: contact.userId,
        permission,
        wrappedKey,
      });
    } finally {
      contentKey.fill(0);
    }
  }

  /** Shares every secret of a folder (and its subfolders) that the caller owns; returns how many. */
  async shareFolder(path: string, contact: Contact, permission: Permission): Promise<number> {
    this.#assertPinned(contact);
    let shared = 0;
    let offset = 0;
    for (;;) {
      const page = await this.#client.request('listSecrets', { path, recursive: true, offset, limit: 500 });
      for (const item of page.items) {
        await this.share(item.id, contact, permission);
        shared++;
      }
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return shared;
    }
  }

  /**
   * Revokes a grant, then rotates the content key so that the revoked reader's old wrapped key opens
   * nothing the server still holds, nor any later version.
   */
  async revoke(secretId: string, principalId: string): Promise<{ keyGeneration: number }> {
    await this.#client.request('revokeShare', { id: secretId, principalId });
    return this.rotate(secretId);
  }

  /**
   * Ends a machine identity made by this user, then rotates the key of every secret of theirs it held,
   * so that the private key in its token file opens nothing the server still holds.
   */
  async revokeMachine(userId: string): Promise<{ rotated: number }> {
    const { grants } = await this.thread(userId);
    const mine = grants.filter((g) => g.direction === 'out').map((g) => g.secretId);
    await this.#client.request('revokeMachineIdentity', { userId });
    for (const secretId of mine) await this.rotate(secretId);
    return { rotated: mine.length };
  }

  /** A new content key: every live version re-encrypted, and re-wrapped to the owner and each remaining reader. */
  async rotate(secretId: string): Promise<{ keyGeneration: number }> {
    const { grants, keyGeneration, liveVersions } = await this.grants(secretId);
    const pins = new Map((await this.contacts()).map((c) => [c.userId, c]));
    for (const grant of grants) {
      const pinned = pins.get(grant.userId);
      if (
        pinned &&
        !pinMatches(this.#keys.privateKey, grant.userId, fromBase64(grant.publicKey), pinned.keyPin)
      ) {
        throw new KeyChangedError(grant.userId, grant.username, grant.publicKey);
      }
    }
    const current = await this.#client.request('readSecret', { id: secretId });
    const oldKey = unwrapForUser(current.wrappedKey, this.#keys, secretId);
    const newKey = newContentKey();
    try {
      const values: { version: number; value: string }[] = [];
      for (const version of liveVersions) {
        const stored =
          version === current.valueVersion
            ? current
            : await this.#client.request('readSecret', { id: secretId, version });
        const plain = decryptItem(oldKey, stored.value, { secretId, version });
        values.push({ version, value: encryptItem(newKey, plain, { secretId, version }) });
        plain.fill(0);
      }
      const wrappedKeys = [
        // The owner's copy under their vault key; X25519 only for the readers it crosses to.
        { principalId: this.#userId, wrappedKey: wrapForOwner(newKey, this.#keys, secretId) },
        ...grants.map((g) => ({
          principalId: g.userId,
          wrappedKey: wrapContentKey(newKey, fromBase64(g.publicKey), secretId),
        })),
      ];
      return await this.#client.request('rotateSecretKey', {
        id: secretId,
        expectedVersion: current.version,
        expectedGeneration: keyGeneration,
        values,
        wrappedKeys,
        // The item's files: their keys re-wrapped under the new key; their chunks stay as they are.
        attachmentKeys: await rewrapAttachmentKeys(this.#client, oldKey, newKey, secretId),
      });
    } finally {
      oldKey.fill(0);
      newKey.fill(0);
    }
  }

  #view(contact: Contact): PinnedContact {
    return {
      ...contact,
      fingerprint: fingerprint(fromBase64(contact.publicKey)),
      keyChanged: !pinMatches(
        this.#keys.privateKey,
        contact.userId,
        fromBase64(contact.publicKey),
        contact.keyPin,
      ),
    };
  }

  #assertPinned(contact: Contact): void {
    if (!contact.keyPin) throw new NotAContactError(contact.username);
    if (!pinMatches(this.#keys.privateKey, contact.userId, fromBase64(contact.publicKey), contact.keyPin)) {
      throw new KeyChangedError(contact.userId, contact.username, contact.publicKey);
    }
  }
}

export type SharedWithMe = OutputOf<'listSharedWithMe'>['items'][number];
