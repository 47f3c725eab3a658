// The rule for new account passwords: length and which kinds of characters. Keyhold's clients apply it
// where a password is chosen, since the server never sees one.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordPolicy } from '../../../contract/index.ts';
import { settingBounds } from '../../components/contract-limits.ts';
import { TextField } from '../../components/TextField.tsx';
import { SectionFooter } from './SectionFooter.tsx';
import { useSaveSettings } from './use-server-settings.ts';

const { min: MIN, max: MAX } = settingBounds('passwordPolicy.minLength');
const requirements = ['requireMixedCase', 'requireDigit', 'requireSymbol'] as const;

export function PasswordPolicySection({ value }: { value: PasswordPolicy }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  // The admin's edits over what the server holds; cleared once saved.
  const [edits, setEdits] = useState<Partial<Record<keyof PasswordPolicy, string | boolean>>>({});
  const minLength = String(edits.minLength ?? value.minLength);
  const required = (key: (typeof requirements)[number]) => Boolean(edits[key] ?? value[key]);
  const [problem, setProblem] = useState<string | null>(null);
  const strengthId = useId();
  const minStrength = Number(edits.minStrength ?? value.minStrength);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const length = Number(minLength.trim());
    if (!/^\d+$/.test(minLength.trim()) || length < MIN || length > MAX) {
      setProblem(
        t('serverSettings.range', { field: t('serverSettings.password.minLength'), min: MIN, max: MAX }),
      );
      return;
    }
    setProblem(null);
    save.mutate(
      {
        passwordPolicy: {
          minLength: length,
          requireMixedCase: required('requireMixedCase'),
          requireDigit: required('requireDigit'),
          requireSymbol: required('requireSymbol'),
          minStrength,
        },
      },
      { onSuccess: () => setEdits({}) },
    );
  };

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('serverSettings.password.title')}</legend>
        <p className="hint">{t('serverSettings.password.intro')}</p>
        <TextField
          label={t('serverSettings.password.minLength')}
          inputMode="numeric"
          value={minLength}
          onChange={(text) => setEdits((d) => ({ ...d, minLength: text }))}
          hint={t('serverSettings.between', { min: MIN, max: MAX })}
        />
        {requirements.map((key) => (
          <label key={key} className="check">
            <input
              type="checkbox"
              checked={required(key)}
              onChange={(e) => setEdits((d) => ({ ...d, [key]: e.target.checked }))}
            />
            {t(`serverSettings.password.${key}`)}
          </label>
        ))}
        <div className="field">
          <label htmlFor={strengthId}>{t('field.minStrength')}</label>
          <select
            id={strengthId}
            value={String(minStrength)}
            onChange={(e) => setEdits((d) => ({ ...d, minStrength: e.target.value }))}
          >
            {[0, 1, 2, 3, 4].map((score) => (
              <option key={score} value={score}>
                {score === 0 ? t('strength.any') : t(`strength.score${score}`)}
              </option>
            ))}
          </select>
        </div>
        <SectionFooter problem={problem} save={save} />
      </fieldset>
    </form>
  );
}
