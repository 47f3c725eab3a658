// Your own key fingerprint where sharing happens, with a copy button: the person you share with compares
// it, out of band, with what their Keyhold shows for you before adding you as a contact.
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useVault } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import './own-fingerprint.css';

export function OwnFingerprint() {
  const { t } = useTranslation();
  const vault = useVault();
  const { platform } = useSession();
  const id = useId();
  // Not a secret: copied without clearing the clipboard later.
  const copy = useMutation({ mutationFn: () => platform.copy(vault.fingerprint, 0) });
  return (
    <section className="own-fingerprint" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('sharing.yourFingerprint')}</h3>
      <p className="hint">{t('sharing.yourFingerprintHint')}</p>
      <div className="own-fingerprint-row">
        <code className="own-fingerprint-value">{vault.fingerprint}</code>
        <button type="button" aria-label={t('sharing.copyFingerprint')} onClick={() => copy.mutate()}>
          {t('sharing.copy')}
        </button>
      </div>
      {copy.isSuccess && (
        <p role="status" className="notice">
          {t('sharing.copied')}
        </p>
      )}
      <ErrorMessage error={copy.error} />
    </section>
  );
}
