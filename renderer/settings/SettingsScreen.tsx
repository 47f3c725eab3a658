// Personal settings: auto-lock, clipboard, theme, language, password, and this computer's keychain.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeychainUnavailableReason } from '../../contract/index.ts';
import type { Preferences } from '../app/preferences.ts';
import { usePreferences } from '../app/preferences-context.tsx';
import { useSession, useVault } from '../app/session-context.tsx';
import { useForgetKeychainPassphrase, useKeychainStatus } from '../app/use-keychain.ts';
import { usePasswordRules } from '../app/use-password-rules.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { NewPasswordFields, newPasswordProblem } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';
import { ConnectionSection } from './ConnectionSection.tsx';
import { SshAgentSection } from './SshAgentSection.tsx';
import { useChangePassword } from './use-change-password.ts';

const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 0];
const CLIPBOARD_CHOICES = [10, 30, 60, 120, 0];

export function SettingsScreen() {
  const { t } = useTranslation();
  const { preferences, update } = usePreferences();
  const id = useId();
  const select = <K extends keyof Preferences>(
    key: K,
    label: string,
    choices: { value: Preferences[K]; label: string }[],
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select
        id={`${id}-${key}`}
        value={String(preferences[key])}
        onChange={(e) => {
          const choice = choices.find((c) => String(c.value) === e.target.value);
          if (choice) update({ [key]: choice.value } as Partial<Preferences>);
        }}
      >
        {choices.map((c) => (
          <option key={String(c.value)} value={String(c.value)}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <fieldset>
        <legend>{t('settings.preferences')}</legend>
        {select(
          'autoLockMinutes',
          t('settings.autoLock'),
          AUTO_LOCK_CHOICES.map((m) => ({
            value: m,
            label: m === 0 ? t('settings.never') : t('settings.minutes', { count: m }),
          })),
        )}
        {select(
          'clipboardSeconds',
          t('settings.clipboard'),
          CLIPBOARD_CHOICES.map((s) => ({
            value: s,
            label: s === 0 ? t('settings.never') : t('settings.seconds', { count: s }),
          })),
        )}
        {select('theme', t('settings.theme'), [
          { value: 'system', label: t('settings.themeSystem') },
          { value: 'light', label: t('settings.themeLight') },
          { value: 'dark', label: t('settings.themeDark') },
        ])}
        {select('language', t('settings.language'), [
          { value: 'en', label: 'English' },
          { value: 'ru', label: 'Русский' },
        ])}
      </fieldset>
      <ChangePassword />
      <KeychainSettings />
      <SshAgentSection />
      <ConnectionSection />
    </section>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const vault = useVault();
  const rules = usePasswordRules();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const change = useChangePassword();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = await newPasswordProblem(t, next, confirm, rules.policy, [
      vault.user.username,
      vault.user.displayName,
    ]);
    setProblem(found);
    if (found) return;
    change.mutate(
      { current, next, kdf: rules.kdf },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <FieldErrorScope operation="changePassword" error={change.error}>
        <fieldset>
          <legend>{t('settings.changePassword')}</legend>
          <TextField
            label={t('settings.currentPassword')}
            field="currentAuthHash"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
            required
          />
          <NewPasswordFields
            label={t('enroll.newPassword')}
            password={next}
            confirm={confirm}
            onPassword={setNext}
            onConfirm={setConfirm}
            policy={rules.policy}
            userInputs={[vault.user.username, vault.user.displayName]}
          />
          <FormProblem text={problem} />
          <ErrorMessage error={change.error} />
          {change.isSuccess && (
            <p role="status" className="notice">
              {t('settings.passwordChanged')}
            </p>
          )}
          <button type="submit" disabled={change.isPending}>
            {t('settings.changePassword')}
          </button>
        </fieldset>
      </FieldErrorScope>
    </form>
  );
}

const KEYCHAIN_REASONS = {
  'no-keyring': 'settings.keychainNoKeyring',
  'no-encryption': 'settings.keychainNoEncryption',
  'backend-changed': 'settings.keychainBackendChanged',
} as const satisfies Record<KeychainUnavailableReason, string>;

function KeychainSettings() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const status = useKeychainStatus();
  const forget = useForgetKeychainPassphrase();
  if (!platform.keychain || !status.data) return null;
  const { available, remembered, reason } = status.data;
  // Nothing to say where the keychain cannot keep it and keeps nothing.
  if (!available && !remembered && !reason) return null;
  return (
    <fieldset>
      <legend>{t('settings.keychain')}</legend>
      {/* Why the passphrase is not kept, or not used (a Linux desktop without a keyring, say). */}
      {reason ? (
        <p role="note">{t(KEYCHAIN_REASONS[reason])}</p>
      ) : (
        <p>{remembered ? t('settings.keychainOn') : t('settings.keychainOff')}</p>
      )}
      <ErrorMessage error={forget.error} />
      {remembered && (
        <button type="button" onClick={() => forget.mutate()}>
          {t('settings.keychainForget')}
        </button>
      )}
    </fieldset>
  );
}
