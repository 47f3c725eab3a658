// Audit (staff; retention for admins): the log filtered and paged, the chain verified, the filter exported.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilterInput } from '../../../contract/index.ts';
import { useVault } from '../../app/session-context.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditRetention } from './AuditRetention.tsx';
import { AuditTable } from './AuditTable.tsx';
import { ExportAudit, VerifyChain } from './AuditTools.tsx';
import { useAuditPage } from './use-audit.ts';

export function AuditScreen() {
  const { t } = useTranslation();
  const vault = useVault();
  const [filter, setFilter] = useState<AuditFilterInput>({});
  // Cursors of the pages before this one (null is the newest page): Newer pops, Older pushes.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const page = useAuditPage(filter, cursor);
  const entries = page.data?.entries ?? [];
  const applyFilter = (next: AuditFilterInput) => {
    setFilter(next);
    setCursors([null]);
  };
  return (
    <section className="page audit" aria-labelledby="audit-title">
      <header className="page-header">
        <h1 id="audit-title">{t('audit.title')}</h1>
      </header>
      <p className="hint">{t('audit.intro')}</p>
      <div className="audit-tools">
        <VerifyChain
          onShow={(seq) => {
            // The page that starts at the broken entry, whatever the filter was.
            setFilter({});
            setCursors([null, String(seq + 1)]);
          }}
        />
        <ExportAudit filter={filter} />
      </div>
      <AuditFilters filter={filter} onChange={applyFilter} />
      <ErrorMessage error={page.error} />
      <AuditTable entries={entries} loading={page.isPending} />
      <nav className="audit-pager" aria-label={t('audit.pages')}>
        <button
          type="button"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))}
        >
          {t('audit.newer')}
        </button>
        {entries.length > 0 && (
          <span className="hint">
            {t('audit.range', { newest: entries[0]?.seq, oldest: entries.at(-1)?.seq })}
          </span>
        )}
        <button
          type="button"
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('audit.older')}
        </button>
      </nav>
      {vault.user.role === 'admin' && <AuditRetention />}
    </section>
  );
}
