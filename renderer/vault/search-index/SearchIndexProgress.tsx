// The bar under the search box while the first pass opens the vault for search by username and URL: it
// says how far it is, and goes once every owned secret is searchable (or the index failed, said apart).
import { useTranslation } from 'react-i18next';
import type { Progress } from '../../../client/import/import-types.ts';
import { ProgressBar } from '../../transfer/ProgressBar.tsx';
import { useSearchIndex, useSearchIndexState } from './search-index-context.tsx';
import './search-index-status.css';

export function SearchIndexProgress() {
  const { t } = useTranslation();
  const index = useSearchIndex();
  const state = useSearchIndexState(index);
  if (!index || state.built || state.error) return null;
  const { indexed, pending, unreadable } = state.stats;
  const done = indexed + unreadable;
  // Until the first page is listed the size is unknown: the bar says it is starting.
  const progress: Progress | null =
    state.listed > 0 ? { phase: 'decrypting', done, total: Math.max(state.listed, done + pending) } : null;
  return (
    <section className="search-index-status-bar" aria-label={t('searchIndex.preparing')}>
      <p className="search-index-status">{t('searchIndex.preparing')}</p>
      <ProgressBar progress={progress} />
    </section>
  );
}
