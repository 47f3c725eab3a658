// A file on its way into a link: checked against the link's size limit before anything is read or sent,
// then read whole (links carry at most 1 MB) and made into the payload that is sealed.
import { toBase64 } from '../../client/crypto/encoding.ts';
import type { SharePayload } from '../../client/links/share-link-crypto.ts';
import { SHARE_LINK_FILE_MAX_BYTES } from '../../contract/ops-links.ts';

/** A file picked, dropped, or taken from an item: its name and size are known before its bytes are read. */
export interface ShareFile {
  name: string;
  size: number;
  type: string;
  read(): Promise<Uint8Array>;
}

export function fitsInLink(size: number): boolean {
  return size <= SHARE_LINK_FILE_MAX_BYTES;
}

/** A file from the picker or a drop. */
export function pickedFile(file: File): ShareFile {
  return {
    name: file.name,
    size: file.size,
    type: file.type,
    read: async () => new Uint8Array(await file.arrayBuffer()),
  };
}

export async function filePayload(file: ShareFile): Promise<SharePayload> {
  const bytes = await file.read();
  return {
    kind: 'file',
    name: file.name,
    type: file.type || 'application/octet-stream',
    data: toBase64(bytes),
  };
}
