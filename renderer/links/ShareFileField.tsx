// The file half of the link form: a picker, a drop onto the form (the form passes drops here), and, from
// an item's view, one of the item's own files. A file past the link's limit is refused here, by name and
// size, before a byte of it is read or sent.
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { concatBytes } from '../../client/crypto/encoding.ts';
import { SHARE_LINK_FILE_MAX_BYTES } from '../../contract/ops-links.ts';
import { useVault } from '../app/session-context.tsx';
import { humanSize } from '../vault/attachments/file-bytes.ts';
import { useAttachments } from '../vault/attachments/use-attachments.ts';
import { fitsInLink, pickedFile, type ShareFile } from './share-file.ts';

interface Props {
  file: ShareFile | null;
  onChange(file: ShareFile | null): void;
  /** The item whose files are offered too (the item view's "Share a link…"). */
  secretId?: string;
}

export function ShareFileField({ file, onChange, secretId }: Props) {
  const { t, i18n } = useTranslation();
  const ids = { file: useId(), hint: useId(), problem: useId() };
  const max = new Intl.NumberFormat(i18n.language).format(SHARE_LINK_FILE_MAX_BYTES);
  const size = (bytes: number) => humanSize(bytes, i18n.language);
  const tooLarge = file !== null && !fitsInLink(file.size);
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <div className="field">
        <label htmlFor={ids.file}>{t('links.file')}</label>
        <input
          ref={picker}
          id={ids.file}
          type="file"
          aria-describedby={tooLarge ? `${ids.problem} ${ids.hint}` : ids.hint}
          aria-invalid={tooLarge}
          onChange={(e) => {
            const picked = e.currentTarget.files?.[0];
            onChange(picked ? pickedFile(picked) : null);
          }}
        />
        <p className="hint" id={ids.hint}>
          {t('links.fileLimit', { max })}
        </p>
      </div>
      {secretId && (
        <ItemFiles
          secretId={secretId}
          file={file}
          onChange={(chosen) => {
            // One file at a time: the picker lets go of its own so it does not name another.
            if (picker.current) picker.current.value = '';
            onChange(chosen);
          }}
        />
      )}
      {file &&
        (tooLarge ? (
          <div className="error" role="alert" id={ids.problem}>
            <strong>{t('links.fileTooLarge', { name: file.name, size: size(file.size), max })}</strong>
          </div>
        ) : (
          <p className="links-file-chosen" role="status">
            {t('links.fileChosen', { name: file.name, size: size(file.size) })}
          </p>
        ))}
    </>
  );
}

/** The item's own files, opened in this window (their key never leaves it) when the link is made. */
function ItemFiles({ secretId, file, onChange }: Required<Props>) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const vault = useVault();
  const files = useAttachments(secretId);
  if (!files.data || files.data.length === 0) return null;
  const chosen = files.data.find((f) => f.name === file?.name && f.size === file?.size);
  return (
    <div className="field">
      <label htmlFor={id}>{t('links.fromItem')}</label>
      <select
        id={id}
        value={chosen?.attachmentId ?? ''}
        onChange={(e) => {
          const info = files.data.find((f) => f.attachmentId === e.target.value);
          if (!info) return onChange(null);
          onChange({
            name: info.name,
            size: info.size,
            type: info.type,
            read: async () => {
              const parts: Uint8Array[] = [];
              for await (const part of vault.attachments.download(secretId, info.attachmentId))
                parts.push(part);
              return concatBytes(...parts);
            },
          });
        }}
      >
        <option value="">{t('links.fromItemNone')}</option>
        {files.data.map((f) => (
          <option key={f.attachmentId} value={f.attachmentId} disabled={!fitsInLink(f.size)}>
            {fitsInLink(f.size)
              ? `${f.name}, ${humanSize(f.size, i18n.language)}`
              : t('links.fromItemTooLarge', { name: f.name, size: humanSize(f.size, i18n.language) })}
          </option>
        ))}
      </select>
    </div>
  );
}
