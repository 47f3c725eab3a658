// Uploads, lists, downloads and re-wraps an item's files through the contract, with the item's content
// key held by the caller. A few chunks are under way at once (in-flight.ts), so round trips overlap while
// memory stays at a fixed number of chunks whatever the size.
import { ATTACHMENT_CHUNK_BYTES } from '../../contract/ops-attachments.ts';
import { fromBase64, toBase64 } from '../crypto/encoding.ts';
import type { KeyholdClient } from '../keyhold-client.ts';
import { openFile, sealFile } from './chunk-stream.ts';
import {
  aesKey,
  type FileMeta,
  newFileKey,
  openMeta,
  sealMeta,
  unwrapFileKey,
  wrapFileKey,
} from './file-crypto.ts';
import { CHUNKS_IN_FLIGHT, sendEach } from './in-flight.ts';

/** A file on an item as its readers see it: the name and size opened, the rest as the server lists it. */
export interface AttachmentInfo {
  attachmentId: string;
  name: string;
  size: number;
  type: string;
  chunkCount: number;
  createdAt: string;
}

export interface FileSource {
  name: string;
  size: number;
  type?: string;
  /** The file's bytes, in pieces of any size. */
  bytes: AsyncIterable<Uint8Array>;
}

/** Called after each chunk with the plaintext bytes done so far and the total. */
export type Progress = (done: number, total: number) => void;

export const chunkCountFor = (size: number) => Math.max(1, Math.ceil(size / ATTACHMENT_CHUNK_BYTES));

export async function uploadAttachment(
  client: KeyholdClient,
  contentKey: Uint8Array,
  secretId: string,
  file: FileSource,
  onProgress?: Progress,
): Promise<string> {
  const attachmentId = globalThis.crypto.randomUUID();
  const fileKeyRaw = newFileKey();
  try {
    const fileKey = await aesKey(fileKeyRaw);
    const meta: FileMeta = { name: file.name, size: file.size, type: file.type ?? '' };
    await client.request('beginAttachment', {
      id: secretId,
      attachmentId,
      wrappedKey: await wrapFileKey(contentKey, fileKeyRaw, secretId, attachmentId),
      meta: await sealMeta(fileKey, meta, secretId, attachmentId),
      size: file.size,
      chunkCount: chunkCountFor(file.size),
    });
    let done = 0;
    try {
      const sealed = sealFile(fileKey, attachmentId, file.bytes, ATTACHMENT_CHUNK_BYTES);
      // The next chunk is read and sealed while the ones before it travel; the server takes them in any order.
      await sendEach(sealed, CHUNKS_IN_FLIGHT, async (chunk) => {
        await client.request('putAttachmentChunk', {
          id: secretId,
          attachmentId,
          index: chunk.index,
          data: toBase64(chunk.data),
        });
        done += chunk.plainLength;
        onProgress?.(done, file.size);
      });
      await client.request('finishAttachment', { id: secretId, attachmentId });
    } catch (error) {
      // A source that changed size or a refused chunk leaves no half file behind (the server also expires it).
      await client.request('deleteAttachment', { id: secretId, attachmentId }).catch(() => undefined);
      throw error;
    }
    return attachmentId;
  } finally {
    fileKeyRaw.fill(0);
  }
}

export async function listAttachments(
  client: KeyholdClient,
  contentKey: Uint8Array,
  secretId: string,
): Promise<AttachmentInfo[]> {
  const { items } = await client.request('listAttachments', { id: secretId });
  const opened: AttachmentInfo[] = [];
  for (const item of items) {
    const raw = await unwrapFileKey(contentKey, item.wrappedKey, secretId, item.attachmentId);
    const meta = await openMeta(await aesKey(raw), item.meta, secretId, item.attachmentId);
    raw.fill(0);
    opened.push({
      attachmentId: item.attachmentId,
      ...meta,
      chunkCount: item.chunkCount,
      createdAt: item.createdAt,
    });
  }
  return opened;
}

/**
 * The file's plaintext, chunk by chunk, checked as it comes: a reordered, swapped, dropped or truncated
 * chunk throws before its bytes are yielded, and a file whose bytes do not add up throws at the end.
 */
export async function* downloadAttachment(
  client: KeyholdClient,
  contentKey: Uint8Array,
  secretId: string,
  attachmentId: string,
  onProgress?: Progress,
): AsyncGenerator<Uint8Array> {
  const { items } = await client.request('listAttachments', { id: secretId });
  const item = items.find((i) => i.attachmentId === attachmentId);
  if (!item) throw new Error('no such file on this item');
  const raw = await unwrapFileKey(contentKey, item.wrappedKey, secretId, attachmentId);
  const fileKey = await aesKey(raw);
  raw.fill(0);
  const meta = await openMeta(fileKey, item.meta, secretId, attachmentId);
  let done = 0;
  const fetchChunk = async (index: number) =>
    fromBase64((await client.request('readAttachmentChunk', { id: secretId, attachmentId, index })).data);
  const chunks = openFile(fileKey, attachmentId, item.chunkCount, meta.size, fetchChunk, CHUNKS_IN_FLIGHT);
  for await (const plain of chunks) {
    done += plain.length;
    onProgress?.(done, meta.size);
    yield plain;
  }
}

/** Every finished file's key re-wrapped from the old content key to the new one, for a key rotation. */
export async function rewrapAttachmentKeys(
  client: KeyholdClient,
  oldKey: Uint8Array,
  newKey: Uint8Array,
  secretId: string,
): Promise<{ attachmentId: string; wrappedKey: string }[]> {
  const { items } = await client.request('listAttachments', { id: secretId });
  const keys: { attachmentId: string; wrappedKey: string }[] = [];
  for (const item of items) {
    const raw = await unwrapFileKey(oldKey, item.wrappedKey, secretId, item.attachmentId);
    try {
      keys.push({
        attachmentId: item.attachmentId,
        wrappedKey: await wrapFileKey(newKey, raw, secretId, item.attachmentId),
      });
    } finally {
      raw.fill(0);
    }
  }
  return keys;
}
