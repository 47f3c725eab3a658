// Clients (staff): who is connected now, the login history, and a reachability check of client hosts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVault } from '../../app/session-context.tsx';
import { ConnectedClients } from './ConnectedClients.tsx';
import { LoginHistory } from './LoginHistory.tsx';
import { ReachabilityCheck } from './ReachabilityCheck.tsx';

const tabs = ['connected', 'history', 'reach'] as const;
type Tab = (typeof tabs)[number];

export function ClientsScreen() {
  const { t } = useTranslation();
  const vault = useVault();
  const [tab, setTab] = useState<Tab>('connected');
  const labels: Record<Tab, string> = {
    connected: t('clients.tabs.connected'),
    history: t('clients.tabs.history'),
    reach: t('clients.tabs.reach'),
  };
  return (
    <section className="page clients" aria-labelledby="clients-title">
      <header className="page-header">
        <h1 id="clients-title">{t('clients.title')}</h1>
      </header>
      <div className="tabs" role="tablist" aria-label={t('clients.tabsLabel')}>
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`clients-tab-${id}`}
            aria-controls={`clients-panel-${id}`}
            aria-selected={tab === id}
            onClick={() => setTab(id)}
          >
            {labels[id]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`clients-panel-${tab}`} aria-labelledby={`clients-tab-${tab}`}>
        {tab === 'connected' && (
          <ConnectedClients isAdmin={vault.user.role === 'admin'} selfId={vault.user.id} />
        )}
        {tab === 'history' && <LoginHistory />}
        {tab === 'reach' && <ReachabilityCheck />}
      </div>
    </section>
  );
}
