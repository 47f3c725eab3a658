// The desktop app's connection: hosting its own vault, or a client of a server elsewhere (with the CA
// it pinned), and the switch between them. Switching signs out: the window starts over.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ConnectServer, reloadWindow } from '../screens/ConnectServer.tsx';

export function ConnectionSection() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const connection = platform.connection;
  const mode = useQuery({
    queryKey: ['app-mode'],
    queryFn: () => connection?.mode() ?? null,
    enabled: connection !== null,
  });
  const host = useMutation({ mutationFn: async () => connection?.switchToHost(), onSuccess: reloadWindow });
  const [connecting, setConnecting] = useState(false);
  if (!connection || !mode.data) return null;
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
        <ConnectServer onCancel={() => setConnecting(false)} />
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
