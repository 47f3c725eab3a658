// Why this computer's keychain cannot keep (or use) the unseal passphrase, in the person's words.
import { useTranslation } from 'react-i18next';
import type { KeychainUnavailableReason } from '../../contract/index.ts';

/** The same sentences Settings shows for each reason (i18n `settings.keychain*`). */
export const KEYCHAIN_REASON_KEYS = {
  'no-keyring': 'settings.keychainNoKeyring',
  'no-encryption': 'settings.keychainNoEncryption',
  'backend-changed': 'settings.keychainBackendChanged',
} as const satisfies Record<KeychainUnavailableReason, string>;

export function KeychainReason({ reason }: { reason: KeychainUnavailableReason }) {
  const { t } = useTranslation();
  return (
    <p className="hint" role="note">
      {t(KEYCHAIN_REASON_KEYS[reason])}
    </p>
  );
}
