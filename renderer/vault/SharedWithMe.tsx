// What others have shared with me: searchable, each with its owner and my permission.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { useSharedWithMe } from '../contacts/use-sharing.ts';

interface SharedWithMeProps {
  selectedId: string | null;
  onOpen(id: string, permission: 'read' | 'write'): void;
}

export function SharedWithMe({ selectedId, onOpen }: SharedWithMeProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const shared = useSharedWithMe(query.trim());
  const items = shared.data?.items ?? [];
  return (
    <div className="list-pane">
      <div className="search">
        <SearchField label={t('vault.searchShared')} value={query} onChange={setQuery} />
      </div>
      <p className="list-count" role="status">
        {t('vault.count', { count: items.length })}
      </p>
      <ErrorMessage error={shared.error} />
      <ul className="plain-list" aria-label={t('vault.sharedWithMe')}>
        {items.map((item) => (
          <li key={item.id}>
            <button
              type="button"
              className="plain-row"
              aria-current={item.id === selectedId ? 'true' : undefined}
              onClick={() => onOpen(item.id, item.permission)}
            >
              <span className="row-name">{item.name}</span>
              <span className="row-path">
                {t('vault.sharedBy', { name: item.ownerName })} · {t(`share.permission.${item.permission}`)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {items.length === 0 && !shared.isPending && <p className="empty">{t('vault.emptyShared')}</p>}
    </div>
  );
}
