// Says, while a search is typed, that usernames and URLs are still being read (or cannot be searched now).
import { useTranslation } from 'react-i18next';
import { useSearchIndex, useSearchIndexState } from './search-index-context.tsx';
import './search-index-status.css';

export function SearchIndexStatus({ searching }: { searching: boolean }) {
  const { t, i18n } = useTranslation();
  const state = useSearchIndexState(useSearchIndex());
  if (!searching) return null;
  if (state.error) return <p className="search-index-status">{t('vault.indexFailed')}</p>;
  if (state.built) return null;
  const { indexed, pending, unreadable } = state.stats;
  const done = indexed + unreadable;
  return (
    <p className="search-index-status" role="status">
      {t('vault.indexing', {
        done: done.toLocaleString(i18n.language),
        total: (done + pending).toLocaleString(i18n.language),
      })}
    </p>
  );
}
