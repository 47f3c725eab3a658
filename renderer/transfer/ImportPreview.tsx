// What an import would do, before it does it: the counts, then the first rows with their planned action.
import { useTranslation } from 'react-i18next';
import type { ImportPlan } from '../../client/import/importer.ts';
import { actionLabel } from './labels.ts';

/** Rows drawn in the table; the rest are counted. A preview is for checking, not for reading 100,000 rows. */
export const PREVIEW_ROWS = 100;

export function ImportPreview({ plan }: { plan: ImportPlan }) {
  const { t } = useTranslation();
  const rows = plan.rows.slice(0, PREVIEW_ROWS);
  const more = plan.rows.length - rows.length;
  return (
    <section className="import-preview" aria-label={t('transfer.import.previewTitle')}>
      <div role="status">
        <ul className="preview-counts" aria-label={t('transfer.import.counts')}>
          <li>{t('transfer.import.countNew', { count: plan.counts.create })}</li>
          <li>{t('transfer.import.countDuplicates', { count: plan.counts.duplicates })}</li>
          {plan.policy === 'replace' && (
            <li>{t('transfer.import.countReplace', { count: plan.counts.replace })}</li>
          )}
          {plan.policy !== 'replace' && plan.counts.skip > 0 && (
            <li>{t('transfer.import.countSkip', { count: plan.counts.skip })}</li>
          )}
          {plan.counts.versions > 0 && (
            <li>{t('transfer.import.countVersions', { count: plan.counts.versions })}</li>
          )}
        </ul>
        {plan.counts.versions > 0 && <p className="hint">{t('transfer.import.versionsHint')}</p>}
      </div>
      {plan.rows.length === 0 ? (
        <p className="notice">{t('transfer.import.empty')}</p>
      ) : (
        // Scrollable, so focusable: a keyboard user scrolls it with the arrow keys.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        <section className="preview-scroll" tabIndex={0} aria-label={t('transfer.import.table')}>
          <table className="table preview-table">
            <thead>
              <tr>
                <th scope="col">{t('item.path')}</th>
                <th scope="col">{t('item.name')}</th>
                <th scope="col">{t('item.type')}</th>
                <th scope="col">{t('transfer.import.actionColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a file may hold the same folder and name twice
                <tr key={i} className={`action-${row.action}`}>
                  <td>{row.record.path}</td>
                  <td>{row.name}</td>
                  <td>{t(`types.${row.record.type}`)}</td>
                  <td>{actionLabel(t, row.action)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {more > 0 && <p className="hint">{t('transfer.import.more', { count: more })}</p>}
    </section>
  );
}
