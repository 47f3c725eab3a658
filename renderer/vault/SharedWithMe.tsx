// What others have shared with me: searchable, each with its owner and my permission.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVault } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

interface SharedWithMeProps {
  selectedId: string | null;
  onOpen(id: string, permission: 'read' | 'write'): void;
}

export function SharedWithMe({ selectedId, onOpen }: SharedWithMeProps) {
  const { t } = useTranslation();
  const vault = useVault();
  const [query, setQuery] = useState('');
  const shared = useQuery({
    queryKey: ['shared-with-me', query.trim()],
    queryFn: () => vault.sharing.sharedWithMe(query.trim() || undefined),
    placeholderData: (previous) => previous,
    refetchInterval: 30_000,
  });
  const items = shared.data?.items ?? [];
  return (
    <div className="list-pane">
      <div className="search">
        <input
          type="search"
          aria-label={t('vault.searchShared')}
          placeholder={t('vault.searchShared')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
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
