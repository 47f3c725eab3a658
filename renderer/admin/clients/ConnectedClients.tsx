// Connected now: every open session with who, which client, from where, since when and how busy; admins end them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectedClient } from '../../../contract/index.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useConnectedClients, useEndSession, useEndUserSessions } from './use-clients.ts';

export function ConnectedClients({ isAdmin, selfId }: { isAdmin: boolean; selfId: string }) {
  const { t, i18n } = useTranslation();
  const clients = useConnectedClients();
  const endOne = useEndSession();
  const endAll = useEndUserSessions();
  const [notice, setNotice] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  const list = clients.data?.clients ?? [];
  const shown = clients.data ? t('clients.shown', { count: clients.data.total }) : '';
  const end = (client: ConnectedClient) =>
    endOne.mutate(client.sessionId, {
      onSuccess: ({ ended }) =>
        setNotice(
          ended
            ? t('clients.ended', { name: client.username, kind: t(`clients.kind.${client.clientKind}`) })
            : t('clients.alreadyEnded'),
        ),
    });
  const endUser = (client: ConnectedClient) =>
    endAll.mutate(client.userId, {
      onSuccess: ({ ended }) => setNotice(t('clients.endedAll', { count: ended, name: client.username })),
    });
  return (
    <div className="clients-connected">
      <div className="clients-toolbar">
        <p className="hint" aria-live="polite">
          {shown}
        </p>
        <button type="button" onClick={() => void clients.refetch()} disabled={clients.isFetching}>
          {t('clients.refresh')}
        </button>
      </div>
      {!isAdmin && <p className="notice">{t('clients.readOnly')}</p>}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <ErrorMessage error={clients.error ?? endOne.error ?? endAll.error} />
      <table className="table clients-table">
        <thead>
          <tr>
            <th scope="col">{t('clients.user')}</th>
            <th scope="col">{t('clients.client')}</th>
            <th scope="col">{t('clients.address')}</th>
            <th scope="col">{t('clients.port')}</th>
            <th scope="col">{t('clients.loginAt')}</th>
            <th scope="col">{t('clients.lastSeen')}</th>
            <th scope="col" className="number">
              {t('clients.operations')}
            </th>
            <th scope="col">{t('clients.node')}</th>
            {isAdmin && <th scope="col">{t('clients.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {list.map((client) => (
            <tr key={client.sessionId} className={client.current ? 'current-session' : undefined}>
              <td>
                <span className="clients-name">{client.displayName}</span>{' '}
                <span className="hint">{client.username}</span>{' '}
                {client.identity === 'machine' && (
                  <span className="badge badge-machine">{t('clients.machine')}</span>
                )}
                {client.current && <span className="badge badge-current">{t('clients.thisSession')}</span>}
              </td>
              <td>{t(`clients.kind.${client.clientKind}`)}</td>
              <td className="mono">{client.address}</td>
              <td className="mono">{client.port}</td>
              <td>{date.format(new Date(client.loginAt))}</td>
              <td>{date.format(new Date(client.lastSeenAt))}</td>
              <td className="number">{client.operations}</td>
              <td className="mono">{client.node}</td>
              {isAdmin && (
                <td className="clients-actions">
                  {!client.current && (
                    <button
                      type="button"
                      aria-label={t('clients.endOf', {
                        name: client.username,
                        kind: t(`clients.kind.${client.clientKind}`),
                        address: `${client.address}:${client.port}`,
                      })}
                      onClick={() => end(client)}
                      disabled={endOne.isPending}
                    >
                      {t('clients.end')}
                    </button>
                  )}
                  {client.userId !== selfId && (
                    <button
                      type="button"
                      aria-label={t('clients.endAllOf', { name: client.username })}
                      onClick={() => endUser(client)}
                      disabled={endAll.isPending}
                    >
                      {t('clients.endAll')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {clients.data && list.length === 0 && <p className="hint">{t('clients.none')}</p>}
    </div>
  );
}
