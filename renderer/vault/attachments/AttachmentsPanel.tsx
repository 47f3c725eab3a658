// The files of an item: listed with name and size, added with a file picker, downloaded with a progress
// bar, deleted after a confirmation. Everything is sealed and opened in this window.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentInfo } from '../../../client/attachments/attachments.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { humanSize } from './file-bytes.ts';
import { useAttachmentActions, useAttachments } from './use-attachments.ts';

interface Props {
  secretId: string;
  /** Only the item's owner adds and deletes files; readers download them. */
  canEdit: boolean;
}

export function AttachmentsPanel({ secretId, canEdit }: Props) {
  const { t, i18n } = useTranslation();
  const files = useAttachments(secretId);
  const { upload, download, remove, transfer } = useAttachmentActions(secretId);
  const [deleting, setDeleting] = useState<AttachmentInfo | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const busy = transfer !== null;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <section className="attachments" aria-labelledby="attachments-title">
      <h3 id="attachments-title">{t('attachments.title')}</h3>
      <p className="hint">{t('attachments.intro')}</p>
      <ErrorMessage error={files.error ?? upload.error ?? download.error} />
      {files.data && files.data.length === 0 && <p>{t('attachments.empty')}</p>}
      {files.data && files.data.length > 0 && (
        <ul aria-label={t('attachments.listLabel')}>
          {files.data.map((file) => (
            <li key={file.attachmentId}>
              <span className="attachment-name">{file.name}</span>{' '}
              <span className="meta">
                {humanSize(file.size, i18n.language)} ·{' '}
                {t('attachments.added', { date: date(file.createdAt) })}
              </span>{' '}
              <button
                type="button"
                aria-label={t('attachments.downloadName', { name: file.name })}
                disabled={busy}
                onClick={() => download.mutate(file)}
              >
                {t('attachments.download')}
              </button>
              {canEdit && (
                <button
                  type="button"
                  className="danger"
                  aria-label={t('attachments.deleteName', { name: file.name })}
                  disabled={busy}
                  onClick={() => setDeleting(file)}
                >
                  {t('attachments.delete')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {transfer && (
        <p>
          <label>
            {t(transfer.kind === 'upload' ? 'attachments.uploading' : 'attachments.downloading', {
              name: transfer.name,
              percent: Math.round(transfer.fraction * 100),
            })}{' '}
            <progress max={1} value={transfer.fraction} />
          </label>
        </p>
      )}
      {canEdit && (
        <>
          <input
            ref={picker}
            type="file"
            hidden
            aria-label={t('attachments.chooseFile')}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) upload.mutate(file);
            }}
          />
          <button type="button" disabled={busy} onClick={() => picker.current?.click()}>
            {t('attachments.add')}
          </button>
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('attachments.confirmDeleteTitle', { name: deleting.name })}
          confirmLabel={t('attachments.confirmDelete')}
          tone="danger"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting, { onSuccess: () => setDeleting(null) })}
          onCancel={() => setDeleting(null)}
        >
          <p>{t('attachments.confirmDeleteBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
