// An item's files as queries and mutations: listed (names opened here), added from a picked file, saved
// through the browser's download (the desktop window lets it through and asks where), deleted.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AttachmentInfo } from '../../../client/attachments/attachments.ts';
import { useVault } from '../../app/session-context.tsx';
import { offerDownload } from '../../transfer/save-file.ts';
import { fileBytes } from './file-bytes.ts';

const key = (secretId: string) => ['attachments', secretId] as const;

/** What is moving now, for the progress bar: a name and how far along, 0–1. */
export interface Transfer {
  kind: 'upload' | 'download';
  name: string;
  fraction: number;
}

export function useAttachments(secretId: string) {
  const vault = useVault();
  return useQuery({
    queryKey: key(secretId),
    queryFn: () => vault.attachments.list(secretId),
    gcTime: 0,
  });
}

export function useAttachmentActions(secretId: string) {
  const vault = useVault();
  const queryClient = useQueryClient();
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key(secretId) });
  const progress = (kind: Transfer['kind'], name: string) => (done: number, total: number) =>
    setTransfer({ kind, name, fraction: total === 0 ? 1 : done / total });

  const upload = useMutation({
    mutationFn: async (file: File) => {
      setTransfer({ kind: 'upload', name: file.name, fraction: 0 });
      await vault.attachments.upload(
        secretId,
        { name: file.name, size: file.size, type: file.type, bytes: fileBytes(file) },
        progress('upload', file.name),
      );
    },
    onSettled: () => {
      setTransfer(null);
      return refresh();
    },
  });

  const download = useMutation({
    mutationFn: async (file: AttachmentInfo) => {
      setTransfer({ kind: 'download', name: file.name, fraction: 0 });
      // Each checked chunk goes into a Blob part; the browser may keep large Blobs on disk, not in the page.
      const parts: Blob[] = [];
      for await (const bytes of vault.attachments.download(
        secretId,
        file.attachmentId,
        progress('download', file.name),
      )) {
        parts.push(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      }
      const url = URL.createObjectURL(new Blob(parts, { type: file.type || 'application/octet-stream' }));
      offerDownload(url, file.name);
      // The download has taken the URL by the time the click returns; let it go a little later.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    onSettled: () => setTransfer(null),
  });

  const remove = useMutation({
    mutationFn: (file: AttachmentInfo) => vault.attachments.delete(secretId, file.attachmentId),
    onSuccess: refresh,
  });

  return { upload, download, remove, transfer };
}
