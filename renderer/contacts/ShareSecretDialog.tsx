// Share one secret: pick a contact and a permission; see who holds it and revoke (the key then rotates).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../client/index.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { ConfirmRevoke } from './ConfirmRevoke.tsx';
import { OwnFingerprint } from './OwnFingerprint.tsx';
import { shareProblem } from './share-errors.ts';
import { useContacts } from './use-contacts.ts';
import { useGrants, useRevokeShare, useShare } from './use-sharing.ts';

interface ShareSecretDialogProps {
  secretId: string;
  secretName: string;
  isOwner: boolean;
  onClose(): void;
}

export function ShareSecretDialog({ secretId, secretName, isOwner, onClose }: ShareSecretDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const contacts = useContacts();
  const [contactId, setContactId] = useState('');
  const [permission, setPermission] = useState<Permission>('read');
  const grants = useGrants(secretId);
  const share = useShare();
  const [unpicked, setUnpicked] = useState(false);
  const shareWithPicked = () => {
    const contact = contacts.data?.find((c) => c.userId === contactId);
    setUnpicked(!contact);
    if (contact) share.mutate({ target: { secretId }, contact, permission });
  };
  const [revoking, setRevoking] = useState<{ userId: string; name: string } | null>(null);
  const revoke = useRevokeShare();
  const problem = shareProblem(t, share.error);
  return (
    <Dialog title={t('share.title', { name: secretName })} onClose={onClose}>
      <div className="field">
        <label htmlFor={`${id}-contact`}>{t('share.with')}</label>
        <select id={`${id}-contact`} value={contactId} onChange={(e) => setContactId(e.target.value)}>
          <option value="">{t('share.choose')}</option>
          {contacts.data?.map((c) => (
            <option key={c.userId} value={c.userId}>
              {c.displayName} ({c.username}){c.keyChanged ? ` ⚠ ${t('contacts.keyChanged')}` : ''}
            </option>
          ))}
        </select>
        {contacts.data?.length === 0 && <small className="hint">{t('share.noContacts')}</small>}
      </div>
      <PermissionPicker value={permission} onChange={setPermission} />
      <OwnFingerprint />
      {problem ? (
        <p className="warning" role="alert">
          {problem}
        </p>
      ) : (
        <ErrorMessage error={share.error} />
      )}
      <FormProblem text={unpicked ? t('contacts.pickContact') : null} />
      {share.isSuccess && (
        <p role="status" className="notice">
          {t('share.done')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!contactId || share.isPending}
          onClick={shareWithPicked}
        >
          {t('share.submit')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.done')}
        </button>
      </div>
      <h3>{t('share.holders')}</h3>
      <ErrorMessage error={grants.error} />
      {grants.data?.grants.length === 0 && <p className="hint">{t('share.nobody')}</p>}
      <ul className="grant-list">
        {grants.data?.grants.map((g) => (
          <li key={g.userId}>
            <span>
              {g.displayName} ({g.username}) · {t(`share.permission.${g.permission}`)}
            </span>
            {isOwner && (
              <button
                type="button"
                aria-label={t('share.revokeFrom', { name: g.username })}
                disabled={revoke.isPending}
                onClick={() => setRevoking({ userId: g.userId, name: g.displayName })}
              >
                {t('share.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {revoking && (
        <ConfirmRevoke
          person={revoking.name}
          secret={secretName}
          revoke={revoke}
          onConfirm={() =>
            revoke.mutate({ secretId, principalId: revoking.userId }, { onSuccess: () => setRevoking(null) })
          }
          onClose={() => setRevoking(null)}
        />
      )}
    </Dialog>
  );
}

export function PermissionPicker({ value, onChange }: { value: Permission; onChange(p: Permission): void }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset>
      <legend>{t('share.permissionLabel')}</legend>
      {(['read', 'write'] as const).map((p) => (
        <label className="check" key={p}>
          <input type="radio" name={name} checked={value === p} onChange={() => onChange(p)} />
          {t(`share.permission.${p}`)}
        </label>
      ))}
    </fieldset>
  );
}
