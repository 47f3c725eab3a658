// The desktop app's connection: hosting its own vault, or a client of a server elsewhere (with the CA
// it pinned), and the switch between them. Switching signs out: the window starts over.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session-context.tsx';
import { reloadWindow, useAppMode, useSwitchToHost } from '../app/use-connection.ts';
import { ConnectToServer } from '../before-sign-in/ConnectToServer.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

export function ConnectionSection() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const mode = useAppMode();
  const host = useSwitchToHost(reloadWindow);
  const [connecting, setConnecting] = useState(false);
  if (!platform.connection || !mode.data) return null;
  const view = mode.data;
  return (
    <fieldset className="connection">
      <legend>{t('network.connection.title')}</legend>
      {view.mode === 'client' ? (
        <>
          <p>{t('network.connection.client', { url: view.url })}</p>
          <p className="hint">
            {t('network.caFingerprint')}: <code className="fingerprint">{view.caFingerprint}</code>
          </p>
        </>
      ) : (
        <p>{t('network.connection.host')}</p>
      )}
      <p className="hint">{t('network.connection.signsOut')}</p>
      <ErrorMessage error={mode.error ?? host.error} />
      {connecting ? (
        <ConnectToServer onCancel={() => setConnecting(false)} />
      ) : (
        <div className="actions">
          <button type="button" onClick={() => setConnecting(true)}>
            {view.mode === 'client'
              ? t('network.connection.connectElsewhere')
              : t('network.connection.connect')}
          </button>
          {view.mode === 'client' && (
            <button type="button" disabled={host.isPending} onClick={() => host.mutate()}>
              {t('network.connection.useHost')}
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}
