// Your own key fingerprint where sharing happens, with a copy button: the person you share with compares
// it, out of band, with what their Keyhold shows for you before adding you as a contact.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useVault } from '../app/session-context.tsx';
import { useCopy } from '../app/use-copy.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import './own-fingerprint.css';

export function OwnFingerprint() {
  const { t } = useTranslation();
  const vault = useVault();
  const id = useId();
  // Not a secret: copied without clearing the clipboard later.
  const copy = useCopy();
  return (
    <section className="own-fingerprint" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('sharing.yourFingerprint')}</h3>
      <p className="hint">{t('sharing.yourFingerprintHint')}</p>
      <div className="own-fingerprint-row">
        <code className="own-fingerprint-value">{vault.fingerprint}</code>
        <button
          type="button"
          aria-label={t('sharing.copyFingerprint')}
          onClick={() => copy.mutate({ text: vault.fingerprint, clearAfterSeconds: 0 })}
        >
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
