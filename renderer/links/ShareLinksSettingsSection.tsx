// The server settings' section for one-time links: on or off for everyone, and the opens per address.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../contract/index.ts';
import { SectionFooter } from '../admin/server-settings/SectionFooter.tsx';
import { useSaveSettings } from '../admin/server-settings/use-server-settings.ts';

export function ShareLinksSettingsSection({ value }: { value: Settings['shareLinks'] }) {
  const { t } = useTranslation();
  const ids = { enabled: useId(), opens: useId() };
  const save = useSaveSettings();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [opens, setOpens] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shownOpens = opens ?? String(value.opensPerAddressPerMinute);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const count = Number(shownOpens);
    if (!/^\d+$/.test(shownOpens) || count < 1 || count > 10_000) {
      setProblem(t('serverSettings.range', { field: t('links.settingsOpens'), min: 1, max: 10_000 }));
      return;
    }
    setProblem(null);
    save.mutate(
      { shareLinks: { enabled: enabled ?? value.enabled, opensPerAddressPerMinute: count } },
      {
        onSuccess: () => {
          setEnabled(null);
          setOpens(null);
        },
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('links.settingsTitle')}</legend>
        <div className="field">
          <label htmlFor={ids.enabled}>
            <input
              id={ids.enabled}
              type="checkbox"
              checked={enabled ?? value.enabled}
              onChange={(e) => setEnabled(e.target.checked)}
            />{' '}
            {t('links.settingsEnabled')}
          </label>
          <p className="hint">{t('links.settingsEnabledHint')}</p>
        </div>
        <div className="field">
          <label htmlFor={ids.opens}>{t('links.settingsOpens')}</label>
          <input
            id={ids.opens}
            type="number"
            inputMode="numeric"
            min={1}
            max={10_000}
            value={shownOpens}
            onChange={(e) => setOpens(e.target.value)}
          />
        </div>
        <SectionFooter problem={problem} save={save} />
      </fieldset>
    </form>
  );
}
