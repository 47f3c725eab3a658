// Streams a file through the chunk cipher: bytes in, sealed chunks out (and back), holding a fixed number
// of chunks at a time, so memory stays bounded whatever the file's size.
import { CryptoError } from '../crypto/errors.ts';
import { CHUNK_SIZE, openChunk, sealChunk } from './file-crypto.ts';
import { fetchAhead } from './in-flight.ts';

export interface SealedChunk {
  index: number;
  final: boolean;
  data: Uint8Array;
  /** Plaintext bytes in this chunk, for a progress bar. */
  plainLength: number;
}

/** Cuts any sequence of byte pieces into pieces of exactly `size` bytes (the last one shorter). */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size = CHUNK_SIZE) {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const piece of source) {
    let at = 0;
    while (at < piece.length) {
      const take = Math.min(size - filled, piece.length - at);
      buffer.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}

/**
 * Seals a file chunk by chunk. A chunk is only known to be the last once the next read finds nothing, so
 * one chunk is held back; an empty file is one empty final chunk.
 */
export async function* sealFile(
  fileKey: CryptoKey,
  attachmentId: string,
  source: AsyncIterable<Uint8Array>,
  size = CHUNK_SIZE,
): AsyncGenerator<SealedChunk> {
  let index = 0;
  let held: Uint8Array | null = null;
  for await (const piece of rechunk(source, size)) {
    if (held) {
      yield {
        index,
        final: false,
        data: await sealChunk(fileKey, attachmentId, index, false, held),
        plainLength: held.length,
      };
      index++;
    }
    held = piece;
  }
  const last = held ?? new Uint8Array();
  yield {
    index,
    final: true,
    data: await sealChunk(fileKey, attachmentId, index, true, last),
    plainLength: last.length,
  };
}

/**
 * Opens chunks fetched in order 0…count-1 (up to `ahead` of them requested before they are needed): each
 * must open at its own index with the final flag set on the last one only, and the plaintext must add up to
 * the size sealed in the file's metadata.
 */
export async function* openFile(
  fileKey: CryptoKey,
  attachmentId: string,
  chunkCount: number,
  expectedSize: number,
  fetchChunk: (index: number) => Promise<Uint8Array>,
  ahead = 1,
): AsyncGenerator<Uint8Array> {
  if (chunkCount < 1) throw new CryptoError('integrity', 'the file has no chunks: truncated');
  let total = 0;
  let index = 0;
  for await (const sealed of fetchAhead(chunkCount, ahead, fetchChunk)) {
    const plain = await openChunk(fileKey, attachmentId, index, index === chunkCount - 1, sealed);
    index++;
    total += plain.length;
    yield plain;
  }
  if (total !== expectedSize) {
    throw new CryptoError('integrity', `the file holds ${total} bytes where ${expectedSize} were sealed`);
  }
}
