// The busiest users and clients of the period, as plain tables (already sorted by the server).
import { useTranslation } from 'react-i18next';
import type { Statistics } from '../../../contract/index.ts';

export function TopUsers({ users }: { users: Statistics['topUsers'] }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <section className="stats-top" aria-labelledby="stats-top-users">
      <h2 id="stats-top-users">{t('statistics.topUsers.title')}</h2>
      {users.length === 0 ? (
        <p className="empty">{t('statistics.topUsers.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('statistics.topUsers.user')}</th>
              <th scope="col" className="number">
                {t('statistics.topUsers.requests')}
              </th>
              <th scope="col" className="number">
                {t('statistics.topUsers.refusals')}
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.userId}>
                <td>
                  {u.username === null ? (
                    <span className="stats-muted">{t('statistics.topUsers.deleted')}</span>
                  ) : (
                    <>
                      {u.displayName && u.displayName !== u.username && <>{u.displayName} </>}
                      <span className="stats-muted">{u.username}</span>
                    </>
                  )}
                </td>
                <td className="number">{number.format(u.requests)}</td>
                <td className="number">{number.format(u.refusals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Which server nodes answered (several share one PostgreSQL store): a node missing here served nobody. */
export function ServingNodes({ nodes }: { nodes: Statistics['nodes'] }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="stats-top" aria-labelledby="stats-nodes">
      <h2 id="stats-nodes">{t('statistics.nodes.title')}</h2>
      {nodes.length === 0 ? (
        <p className="empty">{t('statistics.nodes.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('statistics.nodes.node')}</th>
              <th scope="col" className="number">
                {t('statistics.nodes.requests')}
              </th>
              <th scope="col" className="number">
                {t('statistics.nodes.refused')}
              </th>
              <th scope="col">{t('statistics.nodes.lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={n.node}>
                <td>
                  <code>{n.node}</code>
                </td>
                <td className="number">{number.format(n.requests)}</td>
                <td className="number">{number.format(n.refused)}</td>
                <td>{date.format(new Date(n.lastSeen))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TopClients({ clients }: { clients: Statistics['topClients'] }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="stats-top" aria-labelledby="stats-top-clients">
      <h2 id="stats-top-clients">{t('statistics.topClients.title')}</h2>
      {clients.length === 0 ? (
        <p className="empty">{t('statistics.topClients.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('statistics.topClients.client')}</th>
              <th scope="col">{t('statistics.topClients.address')}</th>
              <th scope="col" className="number">
                {t('statistics.topClients.requests')}
              </th>
              <th scope="col">{t('statistics.topClients.lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <tr key={`${c.clientKind ?? ''}|${c.address}`}>
                <td>
                  {c.clientKind ? t(`clients.kind.${c.clientKind}`) : t('statistics.topClients.anonymous')}
                </td>
                <td>
                  <code>{c.address}</code>
                </td>
                <td className="number">{number.format(c.requests)}</td>
                <td>{date.format(new Date(c.lastSeen))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
