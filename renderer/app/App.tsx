// The gate: first run, sealed, signed out or signed in — each state has exactly one screen.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { HostOrConnect } from '../before-sign-in/HostOrConnect.tsx';
import { SignInScreen } from '../before-sign-in/SignInScreen.tsx';
import { Unseal } from '../before-sign-in/Unseal.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ConnectionSection } from '../settings/ConnectionSection.tsx';
import { Shell } from '../shell/Shell.tsx';
import { useSession } from './session-context.tsx';
import { useShownOnceHeld } from './shown-once.ts';
import { useServerStatus } from './use-server-status.ts';

type Gate = 'connecting' | 'unreachable' | 'first-run' | 'sealed' | 'sign-in' | 'signed-in';

export function App() {
  const { t } = useTranslation();
  const { vault } = useSession();
  const held = useShownOnceHeld();
  // A sealed or uninitialised server is watched so another admin's unseal shows up here.
  const status = useServerStatus();

  let gate: Gate;
  if (status.isPending) gate = 'connecting';
  else if (status.isError) gate = 'unreachable';
  else if (!status.data.initialized) gate = 'first-run';
  else if (status.data.sealed) gate = 'sealed';
  else if (!vault) gate = 'sign-in';
  else gate = 'signed-in';

  // While a value shown once is on screen, the gate stays where it is: the first-run screen holding the
  // new key shares must not give way to Sign in when the poll sees the server initialised. Without a
  // vault the signed-in screens cannot stay (the person locked or signed out), so that one always moves.
  const shown = useRef<Gate>(gate);
  if (!held || (shown.current === 'signed-in' && !vault)) shown.current = gate;
  const screen = shown.current;

  if (screen === 'connecting') {
    return (
      <main className="centered" aria-busy="true">
        <p>{t('app.connecting')}</p>
      </main>
    );
  }
  if (screen === 'unreachable') {
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
  if (screen === 'first-run') return <HostOrConnect />;
  if (screen === 'sealed' && status.data) return <Unseal status={status.data} />;
  if (screen === 'signed-in' && vault) return <Shell />;
  return <SignInScreen />;
}
