// Back up now: to a passphrase typed here (twice), or to the stored one when none is typed.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { minLengthAt } from '../../components/contract-limits.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useCreateBackup } from './use-backups.ts';
import { useNewPassphrase } from './use-new-passphrase.ts';

export function BackUpNow({ stored }: { stored: boolean }) {
  const { t } = useTranslation();
  const create = useCreateBackup();
  const { passphrase, confirm, problem, setPassphrase, setConfirm, check, clear } = useNewPassphrase();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Without a passphrase here, the stored one is used; there must be one or the other.
    if (check(stored ? null : t('backups.needPassphrase'))) {
      create.mutate(passphrase || null, { onSuccess: clear });
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
          hint={
            stored
              ? t('backups.passphraseOptional')
              : t('backups.passphraseRequired', { count: minLengthAt('createBackup', 'passphrase') })
          }
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
        <FormProblem text={problem} />
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
