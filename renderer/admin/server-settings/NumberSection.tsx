// One section of whole-number settings (session, lockout, rate limits…) with its own Save button.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingBounds } from '../../components/contract-limits.ts';
import { TextField } from '../../components/TextField.tsx';
import { SectionFooter } from './SectionFooter.tsx';
import { type SettingsPatch, useSaveSettings } from './use-server-settings.ts';

export interface NumberField {
  key: string;
  /** i18n key of the label. */
  label: string;
  min: number;
  max: number;
}

/** A field of a number section: its bounds are the contract's for the setting at `path` (`session.idleMinutes`). */
export function settingField(key: string, label: string, path: string): NumberField {
  return { key, label, ...settingBounds(path) };
}

interface Props {
  /** i18n key of the legend. */
  title: string;
  fields: readonly NumberField[];
  values: Record<string, number>;
  /** Turns the edited numbers into the patch for updateSettings. */
  toPatch(values: Record<string, number>): SettingsPatch;
}

export function NumberSection({ title, fields, values, toPatch }: Props) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  // Only what the admin has typed; everything else shows what the server holds, also right after a save.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const shown = (key: string) => edits[key] ?? String(values[key] ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed: Record<string, number> = {};
    for (const field of fields) {
      const text = shown(field.key).trim();
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < field.min || value > field.max) {
        setProblem(t('serverSettings.range', { field: t(field.label), min: field.min, max: field.max }));
        return;
      }
      parsed[field.key] = value;
    }
    setProblem(null);
    save.mutate(toPatch(parsed), { onSuccess: () => setEdits({}) });
  };

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t(title)}</legend>
        <div className="settings-grid">
          {fields.map((field) => (
            <TextField
              key={field.key}
              label={t(field.label)}
              inputMode="numeric"
              value={shown(field.key)}
              onChange={(value) => setEdits((d) => ({ ...d, [field.key]: value }))}
              hint={t('serverSettings.between', { min: field.min, max: field.max })}
            />
          ))}
        </div>
        <SectionFooter problem={problem} save={save} />
      </fieldset>
    </form>
  );
}
