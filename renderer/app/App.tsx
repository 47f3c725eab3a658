// The gate: first run, sealed, signed out or signed in — each state has exactly one screen.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ChooseMode } from '../screens/ChooseMode.tsx';
import { Login } from '../screens/Login.tsx';
import { Unseal } from '../screens/Unseal.tsx';
import { ConnectionSection } from '../settings/ConnectionSection.tsx';
import { Shell } from '../shell/Shell.tsx';
import { useSession } from './session-context.tsx';

export function App() {
  const { t } = useTranslation();
  const { client, vault } = useSession();
  const status = useQuery({
    queryKey: ['status'],
    queryFn: () => client.request('status', {}),
    // A sealed or uninitialised server is watched so another admin's unseal shows up here.
    refetchInterval: (q) => (q.state.data && !q.state.data.sealed ? false : 5000),
  });

  if (status.isPending) {
    return (
      <main className="centered" aria-busy="true">
        <p>{t('app.connecting')}</p>
      </main>
    );
  }
  if (status.isError) {
    return (
      <main className="centered">
        <section className="card">
          <h1>{t('app.unreachable')}</h1>
          <ErrorMessage error={status.error} />
          <button type="button" onClick={() => void status.refetch()}>
            {t('app.retry')}
          </button>
          <ConnectionSection />
        </section>
      </main>
    );
  }
  if (!status.data.initialized) return <ChooseMode />;
  if (status.data.sealed) return <Unseal status={status.data} />;
  if (!vault) return <Login />;
  return <Shell />;
}
