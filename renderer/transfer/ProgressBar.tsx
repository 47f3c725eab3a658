// A determinate bar for an import or export: its phase in words, how far it is, read out by screen readers.
import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Progress } from '../../client/import/import-types.ts';

export function phaseLabel(t: TFunction, phase: Progress['phase'] | 'starting'): string {
  switch (phase) {
    case 'starting':
      return t('transfer.phase.starting');
    case 'reading':
      return t('transfer.phase.reading');
    case 'encrypting':
      return t('transfer.phase.encrypting');
    case 'uploading':
      return t('transfer.phase.uploading');
    case 'committing':
      return t('transfer.phase.committing');
    case 'decrypting':
      return t('transfer.phase.decrypting');
    case 'files':
      return t('archiveFiles.phase');
    case 'done':
      return t('transfer.phase.done');
  }
}

/** `progress` null: the work has started but has not said how much there is yet. */
export function ProgressBar({ progress }: { progress: Progress | null }) {
  const { t } = useTranslation();
  const id = useId();
  const label = phaseLabel(t, progress?.phase ?? 'starting');
  const total = progress?.total ?? 0;
  const done = Math.min(progress?.done ?? 0, total);
  // Committing is one transaction on the server: nothing to count, so the bar says "working" instead of 0%.
  const known = total > 0 && progress?.phase !== 'committing';
  const percent = known ? Math.round((done / total) * 100) : 0;
  // An archive's files are counted in bytes, shown in MiB.
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  const counted = !known
    ? ''
    : progress?.phase === 'files'
      ? t('archiveFiles.progress', { done: mib(done), total: mib(total) })
      : t('transfer.progress', { done, total });
  return (
    <div className="progress">
      <div className="progress-line">
        <span id={`${id}-label`}>{label}</span>
        <span className="hint" aria-hidden="true">
          {counted}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? done : undefined}
        aria-valuetext={known ? `${label} ${counted}` : label}
      >
        <div
          className={known ? 'progress-fill' : 'progress-fill indeterminate'}
          style={{ width: known ? `${percent}%` : undefined }}
        />
      </div>
    </div>
  );
}
