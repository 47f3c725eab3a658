// The desktop app's first run: host a vault on this computer, or connect to a Keyhold server elsewhere.
// A browser (and a desktop that has chosen) goes straight to setting up the server it talks to.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ConnectServer } from './ConnectServer.tsx';
import { FirstRun } from './FirstRun.tsx';

export function ChooseMode() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const connection = platform.connection;
  const mode = useQuery({
    queryKey: ['app-mode'],
    queryFn: () => connection?.mode() ?? null,
    enabled: connection !== null,
  });
  const [connecting, setConnecting] = useState(false);
  const host = useMutation({
    mutationFn: async () => connection?.switchToHost() ?? null,
    onSuccess: () => void mode.refetch(),
  });

  if (!connection || mode.data?.mode) return <FirstRun />;
  if (mode.isPending) return null;
  if (connecting) {
    return (
      <main className="centered">
        <ConnectServer onCancel={() => setConnecting(false)} />
      </main>
    );
  }
  return (
    <main className="centered">
      <section className="card wide choose-mode" aria-labelledby="choose-mode-title">
        <h1 id="choose-mode-title">{t('network.choose.title')}</h1>
        <ErrorMessage error={mode.error ?? host.error} />
        <div className="mode-choices">
          <button
            type="button"
            className="mode-choice"
            disabled={host.isPending}
            onClick={() => host.mutate()}
          >
            <strong>{t('network.choose.host')}</strong>
            <span>{t('network.choose.hostHint')}</span>
          </button>
          <button type="button" className="mode-choice" onClick={() => setConnecting(true)}>
            <strong>{t('network.choose.connect')}</strong>
            <span>{t('network.choose.connectHint')}</span>
          </button>
        </div>
      </section>
    </main>
  );
}
