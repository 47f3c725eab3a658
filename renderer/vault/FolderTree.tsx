// The folder tree: all items, each folder with its count, shared with me, and the trash. Subfolders
// open on demand (a vault with thousands of folders renders only what is expanded), and the tree is
// memoized so that typing in the search box never re-renders it. Each folder's actions (rename or move,
// new folder inside) open from its "…" button; the trash, when shown, can be emptied.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FolderPathDialog } from './FolderPathDialog.tsx';
import type { FolderNode } from './folder-tree.ts';
import { movedFolder } from './folder-tree.ts';
import { useEmptyTrash } from './use-folder-actions.ts';
import './folder-tree.css';

interface FolderTreeProps {
  root: FolderNode;
  selected: string;
  trash: boolean;
  shared: boolean;
  onSelect(path: string, trash: boolean): void;
  onShared(): void;
  /** "New folder": the new-secret form opens with this folder filled in. */
  onNewIn(path: string): void;
}

type FolderDialog = { mode: 'rename' | 'new'; path: string } | null;

export const FolderTree = memo(function FolderTree({
  root,
  selected,
  trash,
  shared,
  onSelect,
  onShared,
  onNewIn,
}: FolderTreeProps) {
  const { t } = useTranslation();
  // The top level is open; deeper folders open when asked, or when they hold the selected folder.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(['/']));
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [dialog, setDialog] = useState<FolderDialog>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [purged, setPurged] = useState<number | null>(null);
  const empty = useEmptyTrash((count) => {
    setConfirmEmpty(false);
    setPurged(count);
  });
  const isOpen = (path: string) => open.has(path) || selected.startsWith(`${path === '/' ? '' : path}/`);
  const toggle = (path: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const openDialog = (mode: 'rename' | 'new', path: string) => {
    setMenuFor(null);
    setDialog({ mode, path });
  };
  const renderNode = (node: FolderNode, depth: number) => {
    const expanded = node.children.length > 0 && isOpen(node.path);
    const name = depth === 0 ? t('vault.allItems') : node.name;
    const menuOpen = menuFor === node.path;
    return (
      <li key={node.path}>
        <div className="folder-line" style={{ paddingInlineStart: `${depth * 0.9}rem` }}>
          {node.children.length > 0 && depth > 0 ? (
            <button
              type="button"
              className="twisty"
              aria-expanded={expanded}
              aria-label={t(expanded ? 'vault.collapse' : 'vault.expand', { name })}
              onClick={() => toggle(node.path)}
            >
              {expanded ? '▾' : '▸'}
            </button>
          ) : (
            <span className="twisty" aria-hidden="true" />
          )}
          <button
            type="button"
            className="folder"
            aria-current={!trash && !shared && selected === node.path ? 'true' : undefined}
            onClick={() => onSelect(node.path, false)}
          >
            <span>{name}</span>
            <span className="count">{node.count}</span>
          </button>
          <button
            type="button"
            className="folder-tree-more"
            aria-expanded={menuOpen}
            // Not "All items" for the top: that name stays the one button that shows everything.
            aria-label={depth === 0 ? t('folders.actionsForTop') : t('folders.actionsFor', { name })}
            onClick={() => setMenuFor(menuOpen ? null : node.path)}
          >
            …
          </button>
        </div>
        {menuOpen && (
          <div className="folder-tree-menu" style={{ marginInlineStart: `${depth * 0.9 + 1.4}rem` }}>
            {depth > 0 && (
              <button type="button" onClick={() => openDialog('rename', node.path)}>
                {t('folders.rename')}
              </button>
            )}
            <button type="button" onClick={() => openDialog('new', node.path)}>
              {t('folders.newFolder')}
            </button>
          </div>
        )}
        {expanded && <ul>{node.children.map((child) => renderNode(child, depth + 1))}</ul>}
      </li>
    );
  };
  return (
    <nav className="folders" aria-label={t('vault.folders')}>
      <ul>{renderNode(root, 0)}</ul>
      <ul>
        <li>
          <button
            type="button"
            className="folder"
            aria-current={shared ? 'true' : undefined}
            onClick={onShared}
          >
            <span>{t('vault.sharedWithMe')}</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className="folder"
            aria-current={trash ? 'true' : undefined}
            onClick={() => {
              setPurged(null);
              onSelect('/', true);
            }}
          >
            <span>{t('vault.trash')}</span>
          </button>
          {trash && (
            <div className="folder-tree-trash">
              <button type="button" className="danger" onClick={() => setConfirmEmpty(true)}>
                {t('folders.emptyTrash')}
              </button>
              {purged !== null && (
                <p className="hint" role="status">
                  {t('folders.purged', { count: purged })}
                </p>
              )}
            </div>
          )}
        </li>
      </ul>
      {dialog && (
        <FolderPathDialog
          mode={dialog.mode}
          path={dialog.path}
          onClose={() => setDialog(null)}
          onRenamed={(from, to) => {
            setDialog(null);
            // The folder shown moved along: show it at its new place.
            const next = movedFolder(selected, from, to);
            if (next !== selected && !trash && !shared) onSelect(next, false);
          }}
          onCreate={(path) => {
            setDialog(null);
            onNewIn(path);
          }}
        />
      )}
      {confirmEmpty && (
        <ConfirmDialog
          title={t('folders.emptyTrashTitle')}
          confirmLabel={t('folders.emptyTrashConfirm')}
          pending={empty.isPending}
          error={empty.error}
          onConfirm={() => empty.mutate()}
          onCancel={() => setConfirmEmpty(false)}
        >
          <p>{t('folders.emptyTrashText')}</p>
        </ConfirmDialog>
      )}
    </nav>
  );
});
