// An item's files as a signed-in user handles them: the content key fetched and unwrapped with their keys
// for each call, and wiped after.
import { fetchContentKey } from '../content-key.ts';
import type { KeySet } from '../crypto/index.ts';
import type { KeyholdClient } from '../keyhold-client.ts';
import {
  type AttachmentInfo,
  downloadAttachment,
  type FileSource,
  listAttachments,
  type Progress,
  uploadAttachment,
} from './attachment-transfer.ts';

export class Attachments {
  readonly #client: KeyholdClient;
  readonly #keys: KeySet;

  constructor(client: KeyholdClient, keys: KeySet) {
    this.#client = client;
    this.#keys = keys;
  }

  async #withKey<T>(secretId: string, use: (contentKey: Uint8Array) => Promise<T>): Promise<T> {
    const contentKey = await fetchContentKey(this.#client, this.#keys, secretId);
    try {
      return await use(contentKey);
    } finally {
      contentKey.fill(0);
    }
  }

  /** Seals and uploads a file to an item the caller owns; answers its id. */
  upload(secretId: string, file: FileSource, onProgress?: Progress): Promise<string> {
    return this.#withKey(secretId, (key) => uploadAttachment(this.#client, key, secretId, file, onProgress));
  }

  list(secretId: string): Promise<AttachmentInfo[]> {
    return this.#withKey(secretId, (key) => listAttachments(this.#client, key, secretId));
  }

  /** The file's bytes as they are fetched and checked; the content key is held until the last chunk. */
  async *download(secretId: string, attachmentId: string, onProgress?: Progress): AsyncGenerator<Uint8Array> {
    const contentKey = await fetchContentKey(this.#client, this.#keys, secretId);
    try {
      yield* downloadAttachment(this.#client, contentKey, secretId, attachmentId, onProgress);
    } finally {
      contentKey.fill(0);
    }
  }

  async delete(secretId: string, attachmentId: string): Promise<void> {
    await this.#client.request('deleteAttachment', { id: secretId, attachmentId });
  }
}

export type { AttachmentInfo, FileSource, Progress };
