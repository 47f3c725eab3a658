// Verify the hash chain and export the filtered log (JSON Lines or CSV): the Audit screen's two buttons.
import { useTranslation } from 'react-i18next';
import type { AuditFilterInput } from '../../../contract/index.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useAuditExport, useVerifyAudit } from './use-audit.ts';

/** The server's reasons, as it words them, mapped to translated text. */
const REASONS: Record<string, string> = {
  'an entry is missing': 'audit.reasons.missing',
  'the link to the previous entry is broken': 'audit.reasons.link',
  'the entry was altered': 'audit.reasons.altered',
  'the newest entries were removed': 'audit.reasons.truncated',
};

export function VerifyChain({ onShow }: { onShow(seq: number): void }) {
  const { t } = useTranslation();
  const verify = useVerifyAudit();
  const result = verify.data;
  return (
    <div className="audit-tool">
      <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {verify.isPending ? t('audit.verifying') : t('audit.verify')}
      </button>
      <ErrorMessage error={verify.error} />
      {result?.valid && (
        <p role="status" className="notice audit-intact">
          {t('audit.intact', { count: result.checked })}
          {result.prunedThrough !== null && ` ${t('audit.fromAnchor', { seq: result.prunedThrough })}`}
        </p>
      )}
      {result && !result.valid && (
        <div role="alert" className="error audit-broken">
          <strong>{t('audit.broken', { seq: result.brokenAt ?? '?' })}</strong>{' '}
          <span>
            {result.reason
              ? t(REASONS[result.reason] ?? 'audit.reasons.other', { reason: result.reason })
              : ''}
          </span>{' '}
          <span>{t('audit.checkedBefore', { count: result.checked })}</span>
          {result.brokenAt !== null && (
            <button type="button" className="link" onClick={() => onShow(result.brokenAt ?? 0)}>
              {t('audit.showEntry', { seq: result.brokenAt })}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function ExportAudit({ filter }: { filter: AuditFilterInput }) {
  const { t } = useTranslation();
  const { state, start, cancel } = useAuditExport();
  const running = state.stage === 'running';
  return (
    <div className="audit-tool">
      <button type="button" disabled={running} onClick={() => void start('jsonl', filter)}>
        {t('audit.exportJsonl')}
      </button>
      <button type="button" disabled={running} onClick={() => void start('csv', filter)}>
        {t('audit.exportCsv')}
      </button>
      {running && (
        <>
          <span role="status" className="audit-progress">
            {t('audit.exporting', { count: state.rows })}
          </span>
          <button type="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
        </>
      )}
      {state.stage === 'done' && (
        <span role="status" className="audit-progress">
          {t('audit.exported', { count: state.rows, name: state.fileName })}
        </span>
      )}
      {state.stage === 'cancelled' && (
        <span role="status" className="audit-progress">
          {t('audit.exportCancelled')}
        </span>
      )}
      {state.stage === 'failed' && <ErrorMessage error={state.error} />}
    </div>
  );
}
