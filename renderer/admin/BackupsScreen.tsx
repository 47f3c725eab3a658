// Backups (administrators): back up now, the backups in the folder with delete, the schedule and the stored passphrase.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../contract/index.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TextField } from '../components/TextField.tsx';
import {
  useBackupSchedule,
  useBackups,
  useCreateBackup,
  useDeleteBackup,
  useStoreBackupPassphrase,
} from './use-backups.ts';

const MIN_PASSPHRASE = 12;

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
      <ScheduleSettings stored={stored} />
      <StoredPassphrase stored={stored} />
    </section>
  );
}

function BackUpNow({ stored }: { stored: boolean }) {
  const { t } = useTranslation();
  const create = useCreateBackup();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A typo in a passphrase typed once makes a backup nobody can open: it is typed twice.
    const found =
      !passphrase && !stored
        ? t('backups.needPassphrase')
        : passphrase && passphrase.length < MIN_PASSPHRASE
          ? t('backups.tooShort', { count: MIN_PASSPHRASE })
          : passphrase !== confirm
            ? t('backups.mismatch')
            : null;
    setProblem(found);
    if (!found) {
      create.mutate(passphrase || null, {
        onSuccess: () => {
          setPassphrase('');
          setConfirm('');
        },
      });
    }
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('backups.nowTitle')}</legend>
        <TextField
          label={t('backups.passphrase')}
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={setPassphrase}
          hint={stored ? t('backups.passphraseOptional') : t('backups.passphraseRequired')}
        />
        {(passphrase !== '' || !stored) && (
          <TextField
            label={t('backups.repeatBackupPassphrase')}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={setConfirm}
          />
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={create.error} />
        {create.isSuccess && (
          <p role="status" className="notice">
            {t('backups.written', { name: create.data.name })}
          </p>
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? t('backups.working') : t('backups.now')}
        </button>
      </fieldset>
    </form>
  );
}

function BackupTable({ backups, loading }: { backups: BackupInfo[]; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const remove = useDeleteBackup();
  const [confirm, setConfirm] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  if (!loading && backups.length === 0) return <p className="empty">{t('backups.none')}</p>;
  return (
    <>
      <ErrorMessage error={remove.error} />
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
        <Dialog title={t('backups.deleteTitle')} onClose={() => setConfirm(null)}>
          <p className="warning">{t('backups.deleteWarning', { name: confirm })}</p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                remove.mutate(confirm);
                setConfirm(null);
              }}
            >
              {t('backups.delete')}
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function formatSize(bytes: number, language: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : [Math.max(bytes / 1024, 0.1), 'kilobyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

function ScheduleSettings({ stored }: { stored: boolean }) {
  const { t } = useTranslation();
  const { schedule, error, save } = useBackupSchedule();
  const [enabled, setEnabled] = useState(false);
  const [hours, setHours] = useState('24');
  const [keep, setKeep] = useState('7');
  useEffect(() => {
    if (!schedule) return;
    setEnabled(schedule.enabled);
    setHours(String(schedule.intervalHours));
    setKeep(String(schedule.keep));
  }, [schedule]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ enabled, intervalHours: Number(hours), keep: Number(keep) });
  };
  return (
    <form onSubmit={submit}>
      <fieldset disabled={!schedule}>
        <legend>{t('backups.scheduleTitle')}</legend>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('backups.scheduleOn')}
        </label>
        <TextField
          label={t('backups.everyHours')}
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          required
          value={hours}
          onChange={setHours}
        />
        <TextField
          label={t('backups.keep')}
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          required
          value={keep}
          onChange={setKeep}
          hint={t('backups.keepHint')}
        />
        {enabled && !stored && <p className="warning">{t('backups.scheduleNeedsPassphrase')}</p>}
        <ErrorMessage error={error ?? save.error} />
        {save.isSuccess && (
          <p role="status" className="notice">
            {t('backups.scheduleSaved')}
          </p>
        )}
        <button type="submit" disabled={save.isPending}>
          {t('backups.scheduleSave')}
        </button>
      </fieldset>
    </form>
  );
}

function StoredPassphrase({ stored }: { stored: boolean }) {
  const { t } = useTranslation();
  const store = useStoreBackupPassphrase();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found =
      passphrase.length < MIN_PASSPHRASE
        ? t('backups.tooShort', { count: MIN_PASSPHRASE })
        : passphrase !== confirm
          ? t('backups.mismatch')
          : null;
    setProblem(found);
    if (found) return;
    store.mutate(passphrase, {
      onSuccess: () => {
        setPassphrase('');
        setConfirm('');
      },
    });
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('backups.storedTitle')}</legend>
        <p>{stored ? t('backups.storedOn') : t('backups.storedOff')}</p>
        <p className="hint">{t('backups.storedExplain')}</p>
        <TextField
          label={stored ? t('backups.newStoredPassphrase') : t('backups.storedPassphrase')}
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={setPassphrase}
        />
        <TextField
          label={t('backups.repeatPassphrase')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
        />
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={store.error} />
        {store.isSuccess && (
          <p role="status" className="notice">
            {t('backups.storedSaved')}
          </p>
        )}
        <button type="submit" disabled={store.isPending}>
          {t('backups.store')}
        </button>
      </fieldset>
    </form>
  );
}
