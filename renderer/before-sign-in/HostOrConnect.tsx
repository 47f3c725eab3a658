// The desktop app's first run: host a vault on this computer, or connect to a Keyhold server elsewhere.
// A browser (and a desktop that has chosen) goes straight to setting up the server it talks to.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session-context.tsx';
import { useAppMode, useSwitchToHost } from '../app/use-connection.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ConnectToServer } from './ConnectToServer.tsx';
import { FirstRun } from './FirstRun.tsx';

export function HostOrConnect() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const mode = useAppMode();
  const [connecting, setConnecting] = useState(false);
  const host = useSwitchToHost(() => void mode.refetch());

  if (!platform.connection || mode.data?.mode) return <FirstRun />;
  if (mode.isPending) return null;
  if (connecting) {
    return (
      <main className="centered">
        <ConnectToServer onCancel={() => setConnecting(false)} />
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
