// The vault: folders on the left, the virtualized list with instant search, the open item on the right.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { useRefreshSharedWithMe } from '../contacts/use-sharing.ts';
import { ExportDialog } from '../transfer/ExportDialog.tsx';
import { ImportDialog } from '../transfer/ImportDialog.tsx';
import { FolderTree } from './FolderTree.tsx';
import { buildFolderTree } from './folder-tree.ts';
import { SecretEditor } from './SecretEditor.tsx';
import { SecretList } from './SecretList.tsx';
import { SecretView } from './SecretView.tsx';
import { SharedWithMe } from './SharedWithMe.tsx';
import { SearchIndexProgress } from './search-index/SearchIndexProgress.tsx';
import { SearchIndexStatus } from './search-index/SearchIndexStatus.tsx';
import { useInstantSearch } from './use-instant-search.ts';
import type { ListSource } from './use-secret-pages.ts';
import { useFolders, useSecret } from './use-secrets.ts';

export const SEARCH_INPUT_ID = 'vault-search';

type Access = 'owner' | 'write' | 'read';
type Pane =
  | { kind: 'none' }
  | { kind: 'view'; id: string; access: Access }
  | { kind: 'new'; path?: string }
  | { kind: 'edit'; id: string; access: Access };

export function VaultScreen({ opening = null }: { opening?: { id: string; path: string } | null } = {}) {
  const { t } = useTranslation();
  const refreshSharedWithMe = useRefreshSharedWithMe();
  // Opened from another section (Health): that item's folder, the item selected and shown.
  const [folder, setFolder] = useState(opening?.path ?? '/');
  const [trash, setTrash] = useState(false);
  const [shared, setShared] = useState(false);
  const [query, setQuery] = useState('');
  const instantSearch = useInstantSearch();
  const [pane, setPane] = useState<Pane>(
    opening ? { kind: 'view', id: opening.id, access: 'owner' } : { kind: 'none' },
  );
  const [transfer, setTransfer] = useState<'import' | 'export' | null>(null);
  // Not deferred: the list keeps the previous results up while a search runs (keepPreviousData) and
  // renders only the rows in view, so deferring would only delay the request (measured: ~20 ms).
  const trimmedQuery = query.trim();
  const folders = useFolders();
  const tree = useMemo(() => buildFolderTree(folders.data?.folders ?? []), [folders.data]);
  const source: ListSource = useMemo(
    () =>
      trimmedQuery && !trash
        ? { kind: 'search', query: trimmedQuery, deleted: false }
        : { kind: 'folder', path: folder, deleted: trash },
    [trimmedQuery, trash, folder],
  );
  const showShared = useCallback(() => {
    // Others change what they share at any time: choosing the view fetches it afresh.
    refreshSharedWithMe();
    setShared(true);
    setTrash(false);
    setPane({ kind: 'none' });
  }, [refreshSharedWithMe]);
  const selectFolder = useCallback((path: string, inTrash: boolean) => {
    setFolder(path);
    setTrash(inTrash);
    setShared(false);
    setQuery('');
    setPane({ kind: 'none' });
  }, []);
  const editing = useSecret(pane.kind === 'edit' ? pane.id : null);
  // Stable, so that typing in the search box does not re-render the open secret (SecretView is memoized).
  const editShown = useCallback(
    () => setPane((p) => (p.kind === 'view' ? { kind: 'edit', id: p.id, access: p.access } : p)),
    [],
  );
  const closePane = useCallback(() => setPane({ kind: 'none' }), []);

  return (
    <div className="vault">
      <aside className="sidebar">
        <button type="button" className="primary block" onClick={() => setPane({ kind: 'new' })}>
          {t('vault.new')}
        </button>
        <div className="transfer-actions">
          <button type="button" onClick={() => setTransfer('import')}>
            {t('transfer.import.open')}
          </button>
          <button type="button" onClick={() => setTransfer('export')}>
            {t('transfer.export.open')}
          </button>
        </div>
        <ErrorMessage error={folders.error} />
        <FolderTree
          root={tree}
          trashCount={folders.data?.trash ?? 0}
          selected={folder}
          trash={trash}
          shared={shared}
          onShared={showShared}
          onSelect={selectFolder}
        />
      </aside>
      <section className="middle" aria-label={t('vault.listRegion')}>
        {shared ? (
          <SharedWithMe
            selectedId={pane.kind === 'view' || pane.kind === 'edit' ? pane.id : null}
            onOpen={(id, access) => setPane({ kind: 'view', id, access })}
          />
        ) : (
          <>
            <div className="search">
              <SearchField
                id={SEARCH_INPUT_ID}
                label={t('vault.search')}
                placeholder={t('vault.searchPlaceholder')}
                value={query}
                disabled={trash}
                onChange={(typed) => {
                  instantSearch(typed);
                  setQuery(typed);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowDown') {
                    e.preventDefault();
                    document.querySelector<HTMLElement>('.secret-list')?.focus();
                  } else if (e.key === 'Escape') setQuery('');
                }}
              />
              <SearchIndexStatus searching={trimmedQuery !== '' && !trash} />
              <SearchIndexProgress />
            </div>
            <SecretList
              source={source}
              empty={
                <EmptyList
                  query={trash ? '' : trimmedQuery}
                  trash={trash}
                  folder={folder}
                  onClearSearch={() => setQuery('')}
                />
              }
              label={trash ? t('vault.trash') : t('vault.secrets')}
              selectedId={pane.kind === 'view' || pane.kind === 'edit' ? pane.id : null}
              onOpen={(id) => setPane({ kind: 'view', id, access: 'owner' })}
            />
          </>
        )}
      </section>
      <section className="detail" aria-label={t('vault.detailRegion')}>
        {pane.kind === 'none' && <p className="empty">{t('vault.pick')}</p>}
        {pane.kind === 'view' && (
          <SecretView key={pane.id} id={pane.id} access={pane.access} onEdit={editShown} onGone={closePane} />
        )}
        {pane.kind === 'new' && (
          <SecretEditor
            existing={null}
            defaultPath={pane.path ?? (trash ? '/' : folder)}
            onSaved={(id) => setPane({ kind: 'view', id, access: 'owner' })}
            onCancel={() => setPane({ kind: 'none' })}
          />
        )}
        {pane.kind === 'edit' && editing.isError && <ErrorMessage error={editing.error} />}
        {pane.kind === 'edit' && editing.data && (
          <SecretEditor
            key={`${editing.data.id}-${editing.data.version}`}
            existing={editing.data}
            valueOnly={pane.access !== 'owner'}
            defaultPath={editing.data.path}
            onSaved={(id) => setPane({ kind: 'view', id, access: pane.access })}
            onCancel={() => setPane({ kind: 'view', id: pane.id, access: pane.access })}
          />
        )}
      </section>
      {transfer === 'import' && <ImportDialog onClose={() => setTransfer(null)} />}
      {transfer === 'export' && <ExportDialog onClose={() => setTransfer(null)} />}
    </div>
  );
}

/**
 * An empty list says why it is empty and what to do: clear the search, or make or import secrets with the
 * buttons above the folders (named in the sentence, not repeated here: one "New secret" on the screen).
 */
function EmptyList(props: { query: string; trash: boolean; folder: string; onClearSearch(): void }) {
  const { t } = useTranslation();
  if (props.query) {
    return (
      <>
        <p>{t('vault.emptySearch', { query: props.query })}</p>
        <button type="button" onClick={props.onClearSearch}>
          {t('vault.clearSearch')}
        </button>
      </>
    );
  }
  if (props.trash) return <p>{t('vault.emptyTrash')}</p>;
  return (
    <p>{props.folder === '/' ? t('vault.emptyVault') : t('vault.emptyFolder', { folder: props.folder })}</p>
  );
}
