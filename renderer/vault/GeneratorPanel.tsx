// The password generator: length and character classes, a fresh password on every change.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_GENERATOR,
  entropyBits,
  type GeneratorOptions,
  generatePassword,
  MAX_LENGTH,
  MIN_LENGTH,
} from './password-generator.ts';

export function GeneratorPanel({ onUse, onClose }: { onUse(password: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [options, setOptionsState] = useState<GeneratorOptions>(DEFAULT_GENERATOR);
  const [password, setPassword] = useState(() => generatePassword(DEFAULT_GENERATOR));
  // A new password when the options change, made in the same update: the one on screen is never
  // replaced behind the reader's back (an effect would swap it right after the first paint).
  const setOptions = (next: GeneratorOptions) => {
    setOptionsState(next);
    setPassword(generatePassword(next));
  };
  const toggle = (key: 'lower' | 'upper' | 'digits' | 'symbols' | 'avoidAmbiguous') => (
    <label className="check" key={key}>
      <input
        type="checkbox"
        checked={options[key]}
        onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
      />
      {t(`generator.${key}`)}
    </label>
  );
  return (
    <section className="generator" aria-label={t('generator.title')}>
      <output className="generated" aria-label={t('generator.result')}>
        {password}
      </output>
      <div className="field">
        <label htmlFor={`${id}-length`}>{t('generator.length', { length: options.length })}</label>
        <input
          id={`${id}-length`}
          type="range"
          min={MIN_LENGTH}
          max={MAX_LENGTH}
          value={options.length}
          onChange={(e) => setOptions({ ...options, length: Number(e.target.value) })}
        />
      </div>
      <div className="row wrap">
        {toggle('lower')}
        {toggle('upper')}
        {toggle('digits')}
        {toggle('symbols')}
        {toggle('avoidAmbiguous')}
      </div>
      <p className="hint">{t('generator.strength', { bits: entropyBits(options) })}</p>
      <div className="actions">
        <button type="button" onClick={() => setPassword(generatePassword(options))}>
          {t('generator.again')}
        </button>
        <button type="button" className="primary" onClick={() => onUse(password)}>
          {t('generator.use')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}
