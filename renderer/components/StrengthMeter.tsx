// How hard a new password is to guess, as it is typed: a bar of five steps, its name, and zxcvbn's advice
// in the person's language. The same score is what the password policy's minimum strength checks.
import { useTranslation } from 'react-i18next';
import { usePasswordStrength } from './use-password-strength.ts';
import './strength-meter.css';

interface StrengthMeterProps {
  password: string;
  /** What the password must not lean on: the user name, the display name. */
  userInputs?: string[];
  /** The policy's minimum score, marked as reached or not. */
  minScore?: number;
}

export function StrengthMeter({ password, userInputs = [], minScore = 0 }: StrengthMeterProps) {
  const { t } = useTranslation();
  const strength = usePasswordStrength(password, userInputs);
  if (!password || !strength) return null;
  const { score, warning, suggestions } = strength;
  const name = t(`strength.score${score}`);
  const enough = score >= minScore;
  const advice = warning ? t(`strength.warning.${warning}`) : null;
  const suggestion = !enough && suggestions[0] ? t(`strength.suggestion.${suggestions[0]}`) : null;
  return (
    <div className="strength-meter" data-score={score}>
      {/* Five steps, one per zxcvbn score, so even a score of 0 shows as a red step. */}
      <meter
        className="strength-meter-bar"
        aria-label={t('strength.label')}
        aria-valuetext={name}
        min={0}
        max={5}
        low={3}
        high={4}
        optimum={5}
        value={score + 1}
      />
      <span className="strength-meter-name" aria-hidden="true">
        {t('strength.label')}: {name}
      </span>
      {(advice || suggestion) && (
        <small className="strength-meter-advice">{[advice, suggestion].filter(Boolean).join(' ')}</small>
      )}
    </div>
  );
}
