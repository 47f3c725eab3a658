// Sign in (or unlock after a lock), and redeem an enrollment code for a new account.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError, VaultSession } from '../../client/index.ts';
import { useSession } from '../app/session-context.tsx';
import { usePasswordRules } from '../app/use-password-rules.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { NewPasswordFields, newPasswordProblem, ProblemMessage } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';

export function Login() {
  const { t } = useTranslation();
  const { lockedAs, lockCause } = useSession();
  const [mode, setMode] = useState<'login' | 'enroll'>('login');
  const [enrolledAs, setEnrolledAs] = useState<string | null>(null);
  return (
    <main className="centered">
      <div className="card">
        <div className="tabs" role="tablist" aria-label={t('login.modes')}>
          <button type="button" role="tab" aria-selected={mode === 'login'} onClick={() => setMode('login')}>
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
        {mode === 'login' ? (
          <LoginForm
            key={enrolledAs ?? lockedAs ?? '-'}
            initialUser={enrolledAs ?? lockedAs ?? ''}
            notice={lockCause && t(`lock.cause.${lockCause}`)}
          />
        ) : (
          <EnrollForm
            onEnrolled={(username) => {
              setEnrolledAs(username);
              setMode('login');
            }}
          />
        )}
        {enrolledAs && mode === 'login' && (
          <p role="status" className="notice">
            {t('enroll.done')}
          </p>
        )}
      </div>
    </main>
  );
}

function LoginForm({ initialUser, notice }: { initialUser: string; notice: string | null }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState(initialUser);
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => signIn(username.trim(), password),
    onError: () => setPassword(''),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
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

function EnrollForm({ onEnrolled }: { onEnrolled(username: string): void }) {
  const { t } = useTranslation();
  const { client } = useSession();
  const rules = usePasswordRules(client);
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const enroll = useMutation({
    mutationFn: () => VaultSession.enroll(client, username.trim(), code.trim(), password, rules.kdf),
    onSuccess: () => onEnrolled(username.trim()),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = await newPasswordProblem(t, password, confirm, rules.policy, [username]);
    setProblem(found);
    if (!found) enroll.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="enroll-title">
      <FieldErrorScope operation="enroll" error={enroll.error}>
        <h1 id="enroll-title">{t('enroll.title')}</h1>
        <p>{t('enroll.intro')}</p>
        <TextField
          label={t('login.username')}
          field="username"
          autoComplete="username"
          value={username}
          onChange={setUsername}
          required
        />
        <TextField
          label={t('enroll.code')}
          field="code"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          required
        />
        <NewPasswordFields
          label={t('enroll.newPassword')}
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          policy={rules.policy}
          userInputs={[username]}
        />
        <ProblemMessage text={problem} />
        <ErrorMessage error={enroll.error} />
        <button type="submit" className="primary" disabled={enroll.isPending}>
          {enroll.isPending ? t('enroll.working') : t('enroll.submit')}
        </button>
      </FieldErrorScope>
    </form>
  );
}
