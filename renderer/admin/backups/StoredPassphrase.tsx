// The passphrase scheduled backups are encrypted to: the server keeps only a public key derived from it.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useStoreBackupPassphrase } from './use-backups.ts';
import { useNewPassphrase } from './use-new-passphrase.ts';

export function StoredPassphrase({ stored }: { stored: boolean }) {
  const { t } = useTranslation();
  const store = useStoreBackupPassphrase();
  const { passphrase, confirm, problem, setPassphrase, setConfirm, check, clear } = useNewPassphrase();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (check()) store.mutate(passphrase, { onSuccess: clear });
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
        <FormProblem text={problem} />
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
