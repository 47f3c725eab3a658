// Scheduled backups: on or off, how often, and how many are kept (bounds from the contract's settings).
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FieldErrorScope } from '../../components/field-errors.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useBackupSchedule } from './use-backups.ts';

export function BackupSchedule({ stored }: { stored: boolean }) {
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
      <FieldErrorScope operation="updateSettings" error={save.error}>
        <fieldset disabled={!schedule}>
          <legend>{t('backups.scheduleTitle')}</legend>
          <label className="check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            {t('backups.scheduleOn')}
          </label>
          <TextField
            label={t('backups.everyHours')}
            field="patch.backup.intervalHours"
            type="number"
            inputMode="numeric"
            required
            value={hours}
            onChange={setHours}
          />
          <TextField
            label={t('backups.keep')}
            field="patch.backup.keep"
            type="number"
            inputMode="numeric"
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
      </FieldErrorScope>
    </form>
  );
}
