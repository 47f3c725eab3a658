// The attachment cipher: recorded vectors keep the format stable; moved, reordered, dropped or swapped
// chunks and keys are refused.
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../crypto/encoding.ts';
import { openFile, rechunk, sealFile } from './chunk-stream.ts';
import { aesKey, newFileKey, openChunk, openMeta, unwrapFileKey, wrapFileKey } from './file-crypto.ts';

const FILE_KEY = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const CONTENT_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);
const FILE = '0b6f8d7e-1c2a-4b3d-9e8f-7a6b5c4d3e2f';
const OTHER_FILE = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const ITEM = '426dcf4a-193e-4ea3-97e7-1349d698a2b6';
const OTHER_ITEM = 'a489d627-f613-4c2e-991b-cb406724bd0b';

// Made once by this code with the keys above; a change of format or AAD makes them fail to open.
const VECTORS = {
  chunk0: 'ATOS/SijZUyxDu/W1OKzs7ODnjH8MhnSDupu8KhReok/I2yu7+NF3g==',
  chunk1Final: 'AaMF/PYOPygrtCxR3X+4GdCxoTQLeShCTxkdkeZWhggv',
  wrappedKey: 'AV+wdeN6wBUD7cYXSegSqVqxOOloOQjzogpBEYuLQPYnP3ziB4A8eRYr1QJNUSKF0hwlWAQHiw3AdVQH6w==',
  meta: 'AYb/FE56qXulaBkuxhCeR2Kj8nNPZeZkUtaWcLlZqCFQtXCVvvQD0Dllm8yfGOKLHWy3MViAD3rWid+oZdXEvgHzYFDgs5S+79hvMwd+5mY=',
};

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
async function* pieces(...parts: Uint8Array[]) {
  yield* parts;
}
async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}
const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (i * seed + 3) & 0xff);

describe('attachment crypto vectors', () => {
  it('opens the recorded file key, name and chunks', async () => {
    const raw = await unwrapFileKey(CONTENT_KEY, VECTORS.wrappedKey, ITEM, FILE);
    expect(raw).toEqual(FILE_KEY);
    const key = await aesKey(raw);
    expect(await openMeta(key, VECTORS.meta, ITEM, FILE)).toEqual({
      name: 'kubeconfig',
      size: 15,
      type: 'text/plain',
    });
    const chunks = [VECTORS.chunk0, VECTORS.chunk1Final].map(fromBase64);
    const plain = await collect(openFile(key, FILE, 2, 15, async (i) => chunks[i] as Uint8Array));
    expect(plain.map(text).join('')).toBe('first chunklast');
  });
});

describe('attachment tampering', () => {
  const key = aesKey(FILE_KEY);
  const chunks = [VECTORS.chunk0, VECTORS.chunk1Final].map(fromBase64);

  it('refuses chunks served in another order', async () => {
    const swapped = [chunks[1], chunks[0]] as Uint8Array[];
    await expect(
      collect(openFile(await key, FILE, 2, 15, async (i) => swapped[i] as Uint8Array)),
    ).rejects.toThrow(/chunk 0 does not open/);
  });

  it('refuses a file whose last chunk was dropped', async () => {
    await expect(
      collect(openFile(await key, FILE, 1, 15, async (i) => chunks[i] as Uint8Array)),
    ).rejects.toThrow(/chunk 0 does not open/);
  });

  it('refuses a chunk with one byte flipped', async () => {
    const flipped = Uint8Array.from(chunks[0] as Uint8Array);
    flipped[20] = (flipped[20] as number) ^ 1;
    await expect(openChunk(await key, FILE, 0, false, flipped)).rejects.toThrow(/does not open/);
  });

  it('refuses a chunk moved to another file, even under the same key', async () => {
    await expect(openChunk(await key, OTHER_FILE, 0, false, chunks[0] as Uint8Array)).rejects.toThrow(
      /does not open/,
    );
  });

  it('refuses a file key and name moved to another item', async () => {
    await expect(unwrapFileKey(CONTENT_KEY, VECTORS.wrappedKey, OTHER_ITEM, FILE)).rejects.toThrow(
      /does not open/,
    );
    await expect(openMeta(await key, VECTORS.meta, OTHER_ITEM, FILE)).rejects.toThrow(/does not open/);
  });

  it('refuses a file key re-labelled as another file of the same item', async () => {
    await expect(unwrapFileKey(CONTENT_KEY, VECTORS.wrappedKey, ITEM, OTHER_FILE)).rejects.toThrow(
      /does not open/,
    );
  });
});

describe('streaming', () => {
  it('cuts any pieces into whole chunks and a short last one', async () => {
    const out = await collect(rechunk(pieces(bytes(5), bytes(9), bytes(1)), 4));
    expect(out.map((c) => c.length)).toEqual([4, 4, 4, 3]);
    expect(Buffer.concat(out)).toEqual(Buffer.concat([bytes(5), bytes(9), bytes(1)]));
  });

  it('seals and opens a file of several chunks, a file of exactly one chunk, and an empty file', async () => {
    for (const size of [0, 16, 16 * 3 + 5]) {
      const raw = newFileKey();
      const key = await aesKey(raw);
      const source = bytes(size, 13);
      const sealed = await collect(sealFile(key, FILE, pieces(source), 16));
      expect(sealed.map((c) => c.final)).toEqual(sealed.map((_, i) => i === sealed.length - 1));
      expect(sealed.length).toBe(Math.max(1, Math.ceil(size / 16)));
      const opened = await collect(
        openFile(key, FILE, sealed.length, size, async (i) => (sealed[i] as { data: Uint8Array }).data),
      );
      expect(toBase64(Buffer.concat(opened))).toBe(toBase64(source));
    }
  });

  it('refuses a file that opens chunk by chunk but not to the size sealed in its name', async () => {
    const key = await aesKey(newFileKey());
    const sealed = await collect(sealFile(key, FILE, pieces(bytes(10)), 16));
    await expect(
      collect(openFile(key, FILE, 1, 11, async () => (sealed[0] as { data: Uint8Array }).data)),
    ).rejects.toThrow(/holds 10 bytes where 11 were sealed/);
  });

  it('wraps and unwraps a fresh file key under a content key', async () => {
    const raw = newFileKey();
    const wrapped = await wrapFileKey(CONTENT_KEY, raw, ITEM, FILE);
    expect(await unwrapFileKey(CONTENT_KEY, wrapped, ITEM, FILE)).toEqual(raw);
  });
});
