// The sealed server: unseal with the passphrase, key shares one at a time, or this computer's keychain.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SealStatus } from '../../contract/index.ts';
import { useKeychainStatus } from '../app/use-keychain.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { KeychainReason } from '../components/KeychainReason.tsx';
import { TextField } from '../components/TextField.tsx';
import { useResetUnsealShares, useUnseal, useUnsealWithKeychain } from './use-unseal.ts';

export function Unseal({ status }: { status: SealStatus }) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(false);
  const keychain = useKeychainStatus();
  const unseal = useUnseal(status.method);
  const fromKeychain = useUnsealWithKeychain();
  const reset = useResetUnsealShares();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (secret) unseal.mutate({ secret, remember }, { onSuccess: () => setSecret('') });
  };

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} aria-labelledby="unseal-title">
        <FieldErrorScope operation="unseal" error={unseal.error}>
          <h1 id="unseal-title">{t('unseal.title')}</h1>
          <p>{t('unseal.intro')}</p>
          {status.method === 'shares' && (
            <p role="status">
              {t('unseal.progress', { progress: status.progress, threshold: status.threshold ?? 0 })}
            </p>
          )}
          <TextField
            label={status.method === 'shares' ? t('unseal.share') : t('unseal.passphrase')}
            field={status.method === 'shares' ? 'share' : 'passphrase'}
            type="password"
            autoComplete="off"
            value={secret}
            onChange={setSecret}
            autoFocus
          />
          {/* Also when the kept one cannot be used (kept by another keyring): keeping it again mends that. */}
          {status.method === 'passphrase' &&
            keychain.data?.available &&
            (!keychain.data.remembered || keychain.data.reason !== null) && (
              <label className="check">
                <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
                {t('unseal.rememberOnDevice')}
              </label>
            )}
          {/* A kept passphrase the keychain cannot use (another keyring now, none at all): say why instead. */}
          {keychain.data?.reason && <KeychainReason reason={keychain.data.reason} />}
          <ErrorMessage error={unseal.error ?? fromKeychain.error ?? reset.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={unseal.isPending || !secret}>
              {t('unseal.submit')}
            </button>
            {keychain.data?.remembered && !keychain.data.reason && (
              <button type="button" onClick={() => fromKeychain.mutate()} disabled={fromKeychain.isPending}>
                {t('unseal.withKeychain')}
              </button>
            )}
            {status.method === 'shares' && status.progress > 0 && (
              <button type="button" onClick={() => reset.mutate()}>
                {t('unseal.reset')}
              </button>
            )}
          </div>
        </FieldErrorScope>
      </form>
    </main>
  );
}
