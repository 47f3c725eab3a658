// The current one-time code of an opened item (from its totp field), with the seconds it stays valid,
// computed here every second: the setup never leaves the window, and the server never sees a code.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTotp, TotpSetupError } from '../../client/totp.ts';

interface OneTimeCodeProps {
  setup: string;
  onCopy(code: string): void;
}

export function OneTimeCode({ setup, onCopy }: OneTimeCodeProps) {
  const { t } = useTranslation();
  const generator = useMemo(() => {
    try {
      return { ok: true as const, value: parseTotp(setup) };
    } catch (error) {
      if (error instanceof TotpSetupError) return { ok: false as const, problem: error.problem };
      throw error;
    }
  }, [setup]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  if (!generator.ok) {
    return (
      <div className="value-row">
        <dt>{t('totp.label')}</dt>
        <dd>
          <p className="error" role="alert">
            {t(`totp.problem.${generator.problem}`)}
          </p>
        </dd>
      </div>
    );
  }
  const { code, secondsLeft, period } = generator.value.codeAt(now);
  // Grouped as authenticator apps show it (123 456), copied without the space.
  const shown = code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
  return (
    <div className="value-row one-time-code">
      <dt>{t('totp.label')}</dt>
      <dd>
        <output className="value totp-code" aria-label={t('totp.code', { code })}>
          {shown}
        </output>
        <meter
          className="totp-countdown"
          min={0}
          max={period}
          value={secondsLeft}
          aria-label={t('totp.secondsLeft', { count: secondsLeft })}
        />
        <span className="meta" aria-hidden="true">
          {t('totp.secondsLeft', { count: secondsLeft })}
        </span>
        <button type="button" aria-label={t('totp.copy')} onClick={() => onCopy(code)}>
          {t('item.copy')}
        </button>
      </dd>
    </div>
  );
}
