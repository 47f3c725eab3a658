// The backups in the backup folder, newest first, each with its size, time and kind, and delete (asked first).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../contract/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useDeleteBackup } from './use-backups.ts';

export function BackupTable({ backups, loading }: { backups: BackupInfo[]; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const remove = useDeleteBackup();
  const [confirm, setConfirm] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  if (!loading && backups.length === 0) return <p className="empty">{t('backups.none')}</p>;
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('backups.name')}</th>
            <th scope="col">{t('backups.size')}</th>
            <th scope="col">{t('backups.created')}</th>
            <th scope="col">{t('backups.kind')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => (
            <tr key={b.name}>
              <td className="backup-name">{b.name}</td>
              <td>{formatSize(b.size, i18n.language)}</td>
              <td>{date.format(new Date(b.createdAt))}</td>
              <td>
                <span className={`badge badge-${b.kind}`}>{t(`backups.kinds.${b.kind}`)}</span>
              </td>
              <td>
                <button
                  type="button"
                  aria-label={t('backups.deleteOf', { name: b.name })}
                  onClick={() => setConfirm(b.name)}
                >
                  {t('backups.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirm && (
        <ConfirmDialog
          title={t('backups.deleteTitle')}
          confirmLabel={t('backups.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(confirm, { onSuccess: () => setConfirm(null) })}
          onCancel={() => {
            setConfirm(null);
            remove.reset();
          }}
        >
          <p className="warning">{t('backups.deleteWarning', { name: confirm })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function formatSize(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(bytes / 1024, 0.1), 'kilobyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
