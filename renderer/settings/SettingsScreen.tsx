// Personal settings: auto-lock, clipboard, theme, language, password, and this computer's keychain.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences } from '../app/preferences.ts';
import { usePreferences } from '../app/preferences-context.tsx';
import { useSession, useVault } from '../app/session-context.tsx';
import { usePasswordRules } from '../app/use-password-rules.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { NewPasswordFields, newPasswordProblem, ProblemMessage } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';
import { ConnectionSection } from './ConnectionSection.tsx';

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
      <ConnectionSection />
    </section>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const vault = useVault();
  const rules = usePasswordRules(vault.client);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => vault.changePassword(current, next, rules.kdf),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = newPasswordProblem(t, next, confirm, rules.policy);
    setProblem(found);
    if (!found) change.mutate();
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('settings.changePassword')}</legend>
        <TextField
          label={t('settings.currentPassword')}
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
        />
        <ProblemMessage text={problem} />
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
    </form>
  );
}

function KeychainSettings() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const queryClient = useQueryClient();
  const keychain = platform.keychain;
  const status = useQuery({
    queryKey: ['keychain'],
    queryFn: () => keychain?.status() ?? null,
    enabled: keychain !== null,
  });
  const forget = useMutation({
    mutationFn: async () => keychain?.forget(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['keychain'] }),
  });
  if (!keychain || !status.data?.available) return null;
  return (
    <fieldset>
      <legend>{t('settings.keychain')}</legend>
      <p>{status.data.remembered ? t('settings.keychainOn') : t('settings.keychainOff')}</p>
      <ErrorMessage error={forget.error} />
      {status.data.remembered && (
        <button type="button" onClick={() => forget.mutate()}>
          {t('settings.keychainForget')}
        </button>
      )}
    </fieldset>
  );
}
