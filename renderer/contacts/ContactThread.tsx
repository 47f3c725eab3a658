// One contact, like a conversation: what you shared with them, what they shared with you; share more; revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission, PinnedContact } from '../../client/index.ts';
import { useVault } from '../app/session-context.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ConfirmRevoke } from './ConfirmRevoke.tsx';
import { PermissionPicker } from './ShareSecretDialog.tsx';
import { shareProblem } from './share-errors.ts';

export function ContactThread({ contact, onRemoved }: { contact: PinnedContact; onRemoved(): void }) {
  const { t, i18n } = useTranslation();
  const vault = useVault();
  const queryClient = useQueryClient();
  const thread = useQuery({
    queryKey: ['thread', contact.userId],
    queryFn: () => vault.sharing.thread(contact.userId),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['thread', contact.userId] }),
      queryClient.invalidateQueries({ queryKey: ['contacts'] }),
    ]);
  // What is about to be taken away, until the person confirms it.
  const [revoking, setRevoking] = useState<{ secretId: string; name: string } | null>(null);
  const [removing, setRemoving] = useState(false);
  const revoke = useMutation({
    mutationFn: (secretId: string) => vault.sharing.revoke(secretId, contact.userId),
    onSuccess: async () => {
      setRevoking(null);
      await refresh();
    },
  });
  const accept = useMutation({ mutationFn: () => vault.sharing.acceptNewKey(contact), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => vault.sharing.removeContact(contact.userId),
    onSuccess: async () => {
      await refresh();
      onRemoved();
    },
  });
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
      <ShareFromThread contact={contact} onShared={refresh} />
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
          onConfirm={() => revoke.mutate(revoking.secretId)}
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

function ShareFromThread({ contact, onShared }: { contact: PinnedContact; onShared(): Promise<unknown> }) {
  const { t } = useTranslation();
  const vault = useVault();
  const [query, setQuery] = useState('');
  const [permission, setPermission] = useState<Permission>('read');
  const [notice, setNotice] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ['share-search', query.trim()],
    queryFn: () => vault.client.request('searchSecrets', { query: query.trim(), limit: 20 }),
    enabled: query.trim().length > 0,
  });
  const folders = useQuery({ queryKey: ['folders'], queryFn: () => vault.client.request('listFolders', {}) });
  const share = useMutation({
    mutationFn: async (target: { secretId: string } | { folder: string }): Promise<number> => {
      if ('folder' in target) return vault.sharing.shareFolder(target.folder, contact, permission);
      await vault.sharing.share(target.secretId, contact, permission);
      return 1;
    },
    onSuccess: async (count) => {
      setNotice(t('share.sharedCount', { count }));
      await onShared();
    },
  });
  const problem = shareProblem(t, share.error);
  return (
    <section
      className="share-from-thread"
      aria-label={t('contacts.shareWith', { name: contact.displayName })}
    >
      <h3>{t('contacts.shareWith', { name: contact.displayName })}</h3>
      <input
        type="search"
        aria-label={t('contacts.findSecret')}
        placeholder={t('contacts.findSecret')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
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
              onClick={() => share.mutate({ secretId: item.id })}
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
                    onClick={() => share.mutate({ folder: f.path })}
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
