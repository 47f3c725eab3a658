// One secret, decrypted here when opened: reveal, copy, history, edit, delete or undelete.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { totpFieldOf } from '../../client/totp.ts';
import { usePreferences } from '../app/preferences-context.tsx';
import { useCopy } from '../app/use-copy.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ShareSecretDialog } from '../contacts/ShareSecretDialog.tsx';
import { TwoStepToggle } from '../health/TwoStepToggle.tsx';
import { ShareLinkAction } from '../links/ShareLinkAction.tsx';
import { AttachmentsPanel } from './attachments/AttachmentsPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { OneTimeCode } from './OneTimeCode.tsx';
import { RevealableValue } from './RevealableValue.tsx';
import { secretTypeTemplates } from './secret-types.ts';
import { usePurgeSecret } from './use-folder-actions.ts';
import { useDeleteSecret, useSecret, useUndeleteSecret } from './use-secrets.ts';

interface SecretViewProps {
  id: string;
  /** What the caller holds: their own secret, or a read-write or read-only grant. */
  access: 'owner' | 'write' | 'read';
  onEdit(): void;
  onGone(): void;
}

/** Memoized: the vault screen re-renders on every keystroke in its search box, the open secret need not. */
export const SecretView = memo(function SecretView({ id, access, onEdit, onGone }: SecretViewProps) {
  const { t, i18n } = useTranslation();
  const { preferences } = usePreferences();
  const [copied, setCopied] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [confirmingPurge, setConfirmingPurge] = useState(false);
  const purge = usePurgeSecret(onGone);
  // Decrypted items are not kept once the view closes: plaintext lives only while shown.
  const secret = useSecret(id);
  const remove = useDeleteSecret(id, onGone);
  const restore = useUndeleteSecret(id, onGone);
  const copy = useCopy();

  if (secret.isPending) return <p aria-busy="true">{t('item.decrypting')}</p>;
  if (secret.isError) return <ErrorMessage error={secret.error} />;
  const item = secret.data;
  const template = secretTypeTemplates[item.type];
  const onCopy = (label: string) => (value: string) =>
    copy.mutate(
      { text: value, clearAfterSeconds: preferences.clipboardSeconds },
      { onSuccess: () => setCopied(label) },
    );
  const valueLabel = t(template.valueLabel);
  const totpSetup = totpFieldOf(item.payload.fields);
  const dateTime = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return (
    <article className="secret-view" aria-labelledby="secret-title">
      <header>
        <h2 id="secret-title">{item.name}</h2>
        <p className="meta">
          {t(`types.${item.type}`)} · {item.path}
          {item.tags.length > 0 && ` · ${item.tags.join(', ')}`}
        </p>
        <p className="meta">
          {t('item.created', { date: dateTime(item.secretCreatedAt) })} ·{' '}
          {t('item.updated', { date: dateTime(item.updatedAt), version: item.valueVersion })}
        </p>
        {item.deletedAt && <p className="notice">{t('item.inTrash')}</p>}
      </header>
      <dl>
        {/* Keyed by version: a new version starts masked again. */}
        <RevealableValue
          key={`value-${item.valueVersion}`}
          label={valueLabel}
          value={item.payload.value}
          hidden={template.hidden}
          multiline={template.multiline}
          onCopy={onCopy(valueLabel)}
        />
        {item.payload.fields
          .filter((field) => field.value !== '')
          .map((field) => (
            <RevealableValue
              key={`${item.valueVersion}-${field.name}`}
              label={field.name}
              value={field.value}
              hidden={field.hidden}
              onCopy={onCopy(field.name)}
            />
          ))}
        {totpSetup && <OneTimeCode setup={totpSetup} onCopy={onCopy(t('totp.label'))} />}
        {item.type === 'ssh_key' && item.payload.sshAgent && (
          <div className="value-row">
            <dt>{t('ssh.useInAgent')}</dt>
            <dd>{t('ssh.inAgent')}</dd>
          </div>
        )}
        {item.payload.notes && (
          <div className="value-row">
            <dt>{t('item.notes')}</dt>
            <dd>
              <pre className="notes">{item.payload.notes}</pre>
            </dd>
          </div>
        )}
      </dl>
      {!item.deletedAt && <TwoStepToggle item={item} canChange={access !== 'read'} />}
      {copied && (
        <p role="status" className="notice">
          {preferences.clipboardSeconds > 0
            ? t('item.copied', { label: copied, seconds: preferences.clipboardSeconds })
            : t('item.copiedNoClear', { label: copied })}
        </p>
      )}
      <ErrorMessage error={copy.error ?? restore.error} />
      <div className="actions">
        {item.deletedAt ? (
          <>
            <button type="button" className="primary" onClick={() => restore.mutate()}>
              {t('item.undelete')}
            </button>
            {access === 'owner' && (
              <button type="button" className="danger" onClick={() => setConfirmingPurge(true)}>
                {t('folders.deleteForever')}
              </button>
            )}
          </>
        ) : (
          <>
            {access !== 'read' && (
              <button type="button" className="primary" onClick={onEdit}>
                {t('item.edit')}
              </button>
            )}
            <button type="button" onClick={() => setShowHistory(!showHistory)} aria-expanded={showHistory}>
              {t('item.history')}
            </button>
            <ShareLinkAction text={item.payload.value} secretId={item.id} />
            {access !== 'read' && (
              <button type="button" onClick={() => setSharing(true)}>
                {t('share.open')}
              </button>
            )}
            {access === 'owner' && (
              <button type="button" className="danger" onClick={() => setConfirmingDelete(true)}>
                {t('item.delete')}
              </button>
            )}
          </>
        )}
      </div>
      {access !== 'owner' && (
        <p className="notice">{t(access === 'write' ? 'share.youCanWrite' : 'share.youCanRead')}</p>
      )}
      {!item.deletedAt && <AttachmentsPanel secretId={item.id} canEdit={access === 'owner'} />}
      {showHistory && !item.deletedAt && <HistoryPanel secret={item} canRestore={access !== 'read'} />}
      {confirmingDelete && (
        <ConfirmDialog
          title={t('confirm.deleteTitle', { name: item.name })}
          confirmLabel={t('confirm.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate()}
          onCancel={() => {
            setConfirmingDelete(false);
            remove.reset();
          }}
        >
          <p>{t('confirm.deleteBody', { name: item.name })}</p>
        </ConfirmDialog>
      )}
      {confirmingPurge && (
        <ConfirmDialog
          title={t('folders.deleteForeverTitle', { name: item.name })}
          confirmLabel={t('folders.deleteForeverConfirm')}
          pending={purge.isPending}
          error={purge.error}
          onConfirm={() => purge.mutate(item.id)}
          onCancel={() => {
            setConfirmingPurge(false);
            purge.reset();
          }}
        >
          <p>{t('folders.deleteForeverText', { name: item.name })}</p>
        </ConfirmDialog>
      )}
      {sharing && (
        <ShareSecretDialog
          secretId={item.id}
          secretName={item.name}
          isOwner={access === 'owner'}
          onClose={() => setSharing(false)}
        />
      )}
    </article>
  );
});
