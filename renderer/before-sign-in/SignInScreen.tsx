// Signed out: sign in (or unlock after a lock), or redeem an enrollment code for a new account, on two tabs.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError } from '../../client/index.ts';
import { useSession } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { TextField } from '../components/TextField.tsx';
import { EnrollForm } from './EnrollForm.tsx';
import { useSignIn } from './use-sign-in.ts';

export function SignInScreen() {
  const { t } = useTranslation();
  const { lockedAs, lockCause } = useSession();
  const [mode, setMode] = useState<'sign-in' | 'enroll'>('sign-in');
  const [enrolledAs, setEnrolledAs] = useState<string | null>(null);
  return (
    <main className="centered">
      <div className="card">
        <div className="tabs" role="tablist" aria-label={t('login.modes')}>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'sign-in'}
            onClick={() => setMode('sign-in')}
          >
            {lockedAs ? t('login.unlockTab') : t('login.title')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={mode === 'enroll'}
            onClick={() => setMode('enroll')}
          >
            {t('enroll.title')}
          </button>
        </div>
        {mode === 'sign-in' ? (
          <SignInForm
            key={enrolledAs ?? lockedAs ?? '-'}
            initialUser={enrolledAs ?? lockedAs ?? ''}
            notice={lockCause && t(`lock.cause.${lockCause}`)}
          />
        ) : (
          <EnrollForm
            onEnrolled={(username) => {
              setEnrolledAs(username);
              setMode('sign-in');
            }}
          />
        )}
        {enrolledAs && mode === 'sign-in' && (
          <p role="status" className="notice">
            {t('enroll.done')}
          </p>
        )}
      </div>
    </main>
  );
}

function SignInForm({ initialUser, notice }: { initialUser: string; notice: string | null }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(initialUser);
  const [password, setPassword] = useState('');
  const login = useSignIn();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ username: username.trim(), password }, { onError: () => setPassword('') });
  };
  return (
    <form onSubmit={submit} aria-labelledby="login-title">
      <FieldErrorScope operation="login" error={login.error}>
        <h1 id="login-title">{initialUser ? t('login.unlockTitle') : t('login.title')}</h1>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <TextField
          label={t('login.username')}
          field="username"
          autoComplete="username"
          value={username}
          onChange={setUsername}
          autoFocus={!initialUser}
          required
        />
        <TextField
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          autoFocus={Boolean(initialUser)}
          required
        />
        <ErrorMessage error={login.error} />
        {/* The server answers a paused (locked) account like a wrong password, on purpose: say it may be that. */}
        {login.error instanceof KeyholdError && login.error.code === 'invalid_credentials' && (
          <p className="hint">{t('login.refusedHint')}</p>
        )}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? t('login.working') : t('login.submit')}
        </button>
      </FieldErrorScope>
    </form>
  );
}
