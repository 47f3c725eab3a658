// Asks before a share is revoked (from a contact's thread or from a secret's share dialog): the same
// words in both places, naming the person and the secret.
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';

interface ConfirmRevokeProps {
  person: string;
  secret: string;
  /** The revoke mutation's state: kept open with its error if the revoke fails. */
  revoke: { isPending: boolean; error: unknown; reset(): void };
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmRevoke({ person, secret, revoke, onConfirm, onClose }: ConfirmRevokeProps) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('confirm.revokeTitle')}
      confirmLabel={t('share.revoke')}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={onConfirm}
      onCancel={() => {
        onClose();
        revoke.reset();
      }}
    >
      <p>{t('confirm.revokeBody', { name: person, secret })}</p>
    </ConfirmDialog>
  );
}
