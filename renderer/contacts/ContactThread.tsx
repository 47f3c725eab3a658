// One contact, like a conversation: what you shared with them, what they shared with you; share more; revoke.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission, PinnedContact } from '../../client/index.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { useFolders } from '../vault/use-secrets.ts';
import { ConfirmRevoke } from './ConfirmRevoke.tsx';
import { PermissionPicker } from './ShareSecretDialog.tsx';
import { shareProblem } from './share-errors.ts';
import { useAcceptNewKey, useRemoveContact, useThread } from './use-contacts.ts';
import { type ShareTarget, useRevokeShare, useShare, useShareCandidates } from './use-sharing.ts';

export function ContactThread({ contact, onRemoved }: { contact: PinnedContact; onRemoved(): void }) {
  const { t, i18n } = useTranslation();
  const thread = useThread(contact.userId);
  // What is about to be taken away, until the person confirms it.
  const [revoking, setRevoking] = useState<{ secretId: string; name: string } | null>(null);
  const [removing, setRemoving] = useState(false);
  const revoke = useRevokeShare();
  const accept = useAcceptNewKey(contact);
  const remove = useRemoveContact(contact.userId, onRemoved);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <article className="thread" aria-labelledby="thread-title">
      <header>
        <h2 id="thread-title">{contact.displayName}</h2>
        <p className="meta">
          {contact.username} · {t(`roles.${contact.role}`)}
          {contact.kind === 'machine' && ` · ${t('contacts.machine')}`}
          {!contact.isActive && ` · ${t('users.state.disabled')}`}
        </p>
        <p className="meta">
          {t('contacts.fingerprint')}: <code>{contact.fingerprint}</code>
        </p>
      </header>
      {contact.keyChanged && (
        <div className="warning" role="alert">
          <p>
            {t('contacts.keyChangedWarning', { name: contact.displayName, fingerprint: contact.fingerprint })}
          </p>
          <button type="button" onClick={() => accept.mutate()}>
            {t('contacts.acceptKey')}
          </button>
          <ErrorMessage error={accept.error} />
        </div>
      )}
      <ShareFromThread contact={contact} />
      <h3>{t('contacts.history')}</h3>
      <ErrorMessage error={thread.error} />
      {thread.data?.grants.length === 0 && <p className="hint">{t('contacts.nothingShared')}</p>}
      <ol className="thread-list">
        {thread.data?.grants.map((g) => (
          <li key={`${g.secretId}-${g.direction}`} className={`bubble ${g.direction}`}>
            <span>
              {g.direction === 'out'
                ? t('contacts.youShared', {
                    name: g.secretName,
                    permission: t(`share.permission.${g.permission}`),
                  })
                : t('contacts.theyShared', {
                    name: g.secretName,
                    permission: t(`share.permission.${g.permission}`),
                  })}
            </span>
            <span className="hint">{format.format(new Date(g.grantedAt))}</span>
            {g.direction === 'out' && (
              <button
                type="button"
                aria-label={t('share.revokeSecret', { name: g.secretName })}
                disabled={revoke.isPending}
                onClick={() => setRevoking({ secretId: g.secretId, name: g.secretName })}
              >
                {t('share.revoke')}
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="danger" onClick={() => setRemoving(true)}>
          {t('contacts.remove')}
        </button>
      </div>
      {revoking && (
        <ConfirmRevoke
          person={contact.displayName}
          secret={revoking.name}
          revoke={revoke}
          onConfirm={() =>
            revoke.mutate(
              { secretId: revoking.secretId, principalId: contact.userId },
              { onSuccess: () => setRevoking(null) },
            )
          }
          onClose={() => setRevoking(null)}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('confirm.removeContactTitle', { name: contact.displayName })}
          confirmLabel={t('contacts.remove')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate()}
          onCancel={() => {
            setRemoving(false);
            remove.reset();
          }}
        >
          <p>{t('confirm.removeContactBody', { name: contact.displayName })}</p>
        </ConfirmDialog>
      )}
    </article>
  );
}

function ShareFromThread({ contact }: { contact: PinnedContact }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [permission, setPermission] = useState<Permission>('read');
  const [notice, setNotice] = useState<string | null>(null);
  const found = useShareCandidates(query.trim());
  const folders = useFolders();
  const share = useShare();
  const shareTo = (target: ShareTarget) =>
    share.mutate(
      { target, contact, permission },
      { onSuccess: (count) => setNotice(t('share.sharedCount', { count })) },
    );
  const problem = shareProblem(t, share.error);
  return (
    <section
      className="share-from-thread"
      aria-label={t('contacts.shareWith', { name: contact.displayName })}
    >
      <h3>{t('contacts.shareWith', { name: contact.displayName })}</h3>
      <SearchField label={t('contacts.findSecret')} value={query} onChange={setQuery} />
      <PermissionPicker value={permission} onChange={setPermission} />
      <ul className="grant-list">
        {found.data?.items.map((item) => (
          <li key={item.id}>
            <span>
              {item.name} <span className="hint">{item.path}</span>
            </span>
            <button
              type="button"
              aria-label={t('share.shareSecret', { name: item.name })}
              disabled={share.isPending}
              onClick={() => shareTo({ secretId: item.id })}
            >
              {t('share.submit')}
            </button>
          </li>
        ))}
      </ul>
      {(folders.data?.folders.length ?? 0) > 0 && (
        <details>
          <summary>{t('contacts.shareFolder')}</summary>
          <ul className="grant-list">
            {folders.data?.folders
              .filter((f) => f.path !== '/')
              .map((f) => (
                <li key={f.path}>
                  <span>{f.path}</span>
                  <button
                    type="button"
                    aria-label={t('share.shareFolderNamed', { name: f.path })}
                    onClick={() => shareTo({ folder: f.path })}
                  >
                    {t('share.submit')}
                  </button>
                </li>
              ))}
          </ul>
        </details>
      )}
      {problem ? (
        <p className="warning" role="alert">
          {problem}
        </p>
      ) : (
        <ErrorMessage error={share.error} />
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </section>
  );
}
