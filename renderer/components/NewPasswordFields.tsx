// Choosing a new account password: the field, its repetition, and the rule they are checked against.
// The server never sees the password, so this client is where the rule holds.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TextField } from './TextField.tsx';

export const MIN_PASSWORD_LENGTH = 10;

/** What is wrong with a new password and its repetition, in words, or null. */
export function newPasswordProblem(t: TFunction, password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return t('password.tooShort', { count: MIN_PASSWORD_LENGTH });
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
