// Choosing a new account password: the field, its repetition, and the rule they are checked against.
// The server never sees the password, so this client is where the rule holds.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from '../../client/index.ts';
import type { PasswordPolicy } from '../../server/contract/index.ts';
import { TextField } from './TextField.tsx';

/** What is wrong with a new password and its repetition under the policy, in words, or null. */
export function newPasswordProblem(
  t: TFunction,
  password: string,
  confirm: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string | null {
  const problem = passwordProblem(policy, password);
  if (problem === 'tooShort') return t('password.tooShort', { count: policy.minLength });
  if (problem) return t(`password.${problem}`);
  if (password !== confirm) return t('password.mismatch');
  return null;
}

interface NewPasswordFieldsProps {
  label: string;
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
}

export function NewPasswordFields({
  label,
  password,
  confirm,
  onPassword,
  onConfirm,
}: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={label}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={onPassword}
        required
      />
      <TextField
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={onConfirm}
        required
      />
    </>
  );
}

/** A problem found here before anything was sent, announced where it happened. */
export function ProblemMessage({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="error" role="alert">
      {text}
    </div>
  );
}
