// Backups (administrators): back up now, the backups in the folder with delete, the schedule and the stored passphrase.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { BackUpNow } from './BackUpNow.tsx';
import { BackupSchedule } from './BackupSchedule.tsx';
import { BackupTable } from './BackupTable.tsx';
import { StoredPassphrase } from './StoredPassphrase.tsx';
import { useBackups } from './use-backups.ts';

export function BackupsScreen() {
  const { t } = useTranslation();
  const backups = useBackups();
  const stored = backups.data?.passphraseStored ?? false;
  if (backups.data?.unavailable) {
    return (
      <section className="page backups" aria-labelledby="backups-title">
        <header className="page-header">
          <h1 id="backups-title">{t('backups.title')}</h1>
        </header>
        <p className="notice" role="status">
          {t('backups.postgres')}
        </p>
        <p className="hint">{backups.data.unavailable}</p>
      </section>
    );
  }
  return (
    <section className="page backups" aria-labelledby="backups-title">
      <header className="page-header">
        <h1 id="backups-title">{t('backups.title')}</h1>
      </header>
      <p className="hint">{t('backups.intro')}</p>
      <BackUpNow stored={stored} />
      <h2>{t('backups.listTitle')}</h2>
      {backups.data && <p className="hint">{t('backups.folder', { folder: backups.data.folder })}</p>}
      <ErrorMessage error={backups.error} />
      <BackupTable backups={backups.data?.backups ?? []} loading={backups.isPending} />
      <p className="hint">
        {t('backups.restoreHint')} <code>npm run restore -- --from FILE --data NEW_FOLDER</code>
      </p>
      <BackupSchedule stored={stored} />
      <StoredPassphrase stored={stored} />
    </section>
  );
}
