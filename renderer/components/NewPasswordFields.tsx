// Choosing a new account password: the field with its strength meter, its repetition, and the rule they
// are checked against. The server never sees the password, so this client is where the rule holds.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PASSWORD_POLICY, passwordProblem } from '../../client/index.ts';
import type { PasswordPolicy } from '../../contract/index.ts';
import { StrengthMeter } from './StrengthMeter.tsx';
import { TextField } from './TextField.tsx';

/** What is wrong with a new password and its repetition under the policy, in words, or null. */
export async function newPasswordProblem(
  t: TFunction,
  password: string,
  confirm: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
  userInputs: string[] = [],
): Promise<string | null> {
  const problem = await passwordProblem(policy, password, userInputs);
  if (problem === 'tooShort') return t('password.tooShort', { count: policy.minLength });
  if (problem === 'tooWeak') return t('strength.tooWeak');
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
  /** The rule the meter marks as reached or not; the client default until the server's arrives. */
  policy?: PasswordPolicy;
  /** What the password must not lean on: the user name, the display name. */
  userInputs?: string[];
}

export function NewPasswordFields({
  label,
  password,
  confirm,
  onPassword,
  onConfirm,
  policy = DEFAULT_PASSWORD_POLICY,
  userInputs = [],
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
      <StrengthMeter password={password} userInputs={userInputs} minScore={policy.minStrength} />
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
