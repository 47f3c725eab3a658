// One value of an opened secret: masked until revealed, copyable without being shown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import './revealable-value.css';

interface RevealableValueProps {
  label: string;
  value: string;
  hidden: boolean;
  multiline?: boolean;
  onCopy(value: string): void;
}

export function RevealableValue({ label, value, hidden, multiline = false, onCopy }: RevealableValueProps) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(!hidden);
  return (
    <div className="value-row revealable-value">
      <dt>{label}</dt>
      <dd>
        {shown ? (
          <output className={multiline ? 'value multiline' : 'value'} aria-label={label}>
            {value}
          </output>
        ) : (
          <output className="value masked" aria-label={t('item.maskedValue', { label })}>
            ••••••••••••
          </output>
        )}
        {hidden && (
          <button
            type="button"
            aria-pressed={shown}
            aria-label={shown ? t('item.hideLabel', { label }) : t('item.revealLabel', { label })}
            onClick={() => setShown(!shown)}
          >
            {shown ? t('item.hide') : t('item.reveal')}
          </button>
        )}
        <button type="button" aria-label={t('item.copyLabel', { label })} onClick={() => onCopy(value)}>
          {t('item.copy')}
        </button>
      </dd>
    </div>
  );
}
