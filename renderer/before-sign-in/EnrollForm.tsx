// Redeeming an enrollment code: the new account's user name, the code an administrator gave, and the
// password chosen here (the server never sees it).
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePasswordRules } from '../app/use-password-rules.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { NewPasswordFields, newPasswordProblem } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';
import { useEnroll } from './use-sign-in.ts';

export function EnrollForm({ onEnrolled }: { onEnrolled(username: string): void }) {
  const { t } = useTranslation();
  const rules = usePasswordRules();
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const enroll = useEnroll();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = await newPasswordProblem(t, password, confirm, rules.policy, [username]);
    setProblem(found);
    if (found) return;
    const name = username.trim();
    enroll.mutate(
      { username: name, code: code.trim(), password, kdf: rules.kdf },
      { onSuccess: () => onEnrolled(name) },
    );
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
        <FormProblem text={problem} />
        <ErrorMessage error={enroll.error} />
        <button type="submit" className="primary" disabled={enroll.isPending}>
          {enroll.isPending ? t('enroll.working') : t('enroll.submit')}
        </button>
      </FieldErrorScope>
    </form>
  );
}
