// The passphrase scheduled backups are encrypted to: the server keeps only a public key derived from it.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { TextField } from '../../components/TextField.tsx';
import { backupPassphraseProblem } from './passphrase-problem.ts';
import { useStoreBackupPassphrase } from './use-backups.ts';

export function StoredPassphrase({ stored }: { stored: boolean }) {
  const { t } = useTranslation();
  const store = useStoreBackupPassphrase();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = backupPassphraseProblem(t, passphrase, confirm);
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
