// Audit retention (administrators): how many days entries are kept, and pruning now. The form checks the
// number itself (noValidate) so the message is in the reader's language, not the browser's.
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingBounds } from '../../components/contract-limits.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useAuditRetention } from './use-audit.ts';

const { min: MIN_DAYS, max: MAX_DAYS } = settingBounds('audit.retentionDays');

export function AuditRetention() {
  const { t } = useTranslation();
  const { retentionDays, error, save, prune } = useAuditRetention();
  const [forever, setForever] = useState(true);
  const [days, setDays] = useState('365');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (retentionDays === undefined) return;
    setForever(retentionDays === null);
    if (retentionDays !== null) setDays(String(retentionDays));
  }, [retentionDays]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days);
    const bad = !forever && (!Number.isInteger(n) || n < MIN_DAYS || n > MAX_DAYS);
    setProblem(bad ? t('audit.retentionRange', { min: MIN_DAYS, max: MAX_DAYS }) : null);
    if (!bad) save.mutate(forever ? null : n);
  };
  return (
    <form onSubmit={submit} className="audit-retention" noValidate>
      <fieldset disabled={retentionDays === undefined}>
        <legend>{t('audit.retentionTitle')}</legend>
        <p className="hint">{t('audit.retentionExplain')}</p>
        <label className="check">
          <input type="checkbox" checked={forever} onChange={(e) => setForever(e.target.checked)} />
          {t('audit.keepForever')}
        </label>
        {!forever && (
          <TextField
            label={t('audit.retentionDays')}
            type="number"
            inputMode="numeric"
            min={MIN_DAYS}
            max={MAX_DAYS}
            required
            value={days}
            onChange={setDays}
          />
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={error ?? save.error} />
        {save.isSuccess && (
          <p role="status" className="notice">
            {t('audit.retentionSaved')}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {t('audit.retentionSave')}
          </button>
          <button
            type="button"
            disabled={prune.isPending || retentionDays === null}
            onClick={() => prune.mutate()}
          >
            {t('audit.pruneNow')}
          </button>
        </div>
        <ErrorMessage error={prune.error} />
        {prune.data && (
          <p role="status" className="notice">
            {t('audit.pruned', { count: prune.data.pruned })}
          </p>
        )}
      </fieldset>
    </form>
  );
}
