// The folder tree: all items, each folder with its count (0 for one kept empty), shared with me, and the
// trash with its count. Subfolders open on demand (a vault with thousands of folders renders only what is
// expanded), and the tree is memoized so that typing in the search box never re-renders it. "New folder…"
// makes one in the selected folder; each folder's "…" button offers a new folder inside it, rename or
// move (a dialog with a folder picker; dragging a folder onto another opens it too) and, for an empty
// folder, delete. The trash can be emptied when it holds something; everything destructive asks first.
import { type DragEvent, memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError } from '../../client/index.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FolderPathDialog } from './FolderPathDialog.tsx';
import type { FolderNode } from './folder-tree.ts';
import { movedFolder, parentOf } from './folder-tree.ts';
import { useDeleteFolder, useEmptyTrash } from './use-folder-actions.ts';
import './folder-tree.css';

interface FolderTreeProps {
  root: FolderNode;
  /** Own secrets in the trash. */
  trashCount: number;
  selected: string;
  trash: boolean;
  shared: boolean;
  onSelect(path: string, trash: boolean): void;
  onShared(): void;
}

type FolderDialog = { mode: 'move' | 'new'; path: string; into?: string } | null;

/** What a dragged folder carries: its path, under a type of our own so that other drops are ignored. */
const DRAG_TYPE = 'application/x-keyhold-folder';

export const FolderTree = memo(function FolderTree({
  root,
  trashCount,
  selected,
  trash,
  shared,
  onSelect,
  onShared,
}: FolderTreeProps) {
  const { t } = useTranslation();
  // The top level is open; deeper folders open when asked, or when they hold the selected folder.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(['/']));
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [dialog, setDialog] = useState<FolderDialog>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [purged, setPurged] = useState<number | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropOn, setDropOn] = useState<string | null>(null);
  const empty = useEmptyTrash((count) => {
    setConfirmEmpty(false);
    setPurged(count);
  });
  const remove = useDeleteFolder((path) => {
    setConfirmDelete(null);
    if (!trash && !shared && (selected === path || selected.startsWith(`${path}/`))) {
      onSelect(parentOf(path), false);
    }
  });
  // Refused because the tree was stale: a secret arrived in it meanwhile, or it went away.
  const refusedCode = remove.error instanceof KeyholdError ? remove.error.code : null;
  const deleteRefusal =
    refusedCode === 'conflict'
      ? t('folderTree.notEmpty', { path: confirmDelete })
      : refusedCode === 'not_found'
        ? t('folderTree.gone')
        : null;
  const here = trash || shared ? '/' : selected;
  const isOpen = (path: string) => open.has(path) || selected.startsWith(`${path === '/' ? '' : path}/`);
  const toggle = (path: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const openDialog = (next: NonNullable<FolderDialog>) => {
    setMenuFor(null);
    setDialog(next);
  };
  const canDropOn = (target: string) => dragging !== null && canDropOnFrom(dragging, target);
  const dropHandlers = (target: string) => ({
    onDragOver: (e: DragEvent) => {
      if (!canDropOn(target)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setDropOn(target);
    },
    onDragLeave: () => setDropOn((current) => (current === target ? null : current)),
    onDrop: (e: DragEvent) => {
      const from = e.dataTransfer.getData(DRAG_TYPE);
      setDropOn(null);
      setDragging(null);
      if (!from || !canDropOnFrom(from, target)) return;
      e.preventDefault();
      // The move is asked, not done: the dialog shows the name and where it goes, as from the keyboard.
      openDialog({ mode: 'move', path: from, into: target });
    },
  });
  const renderNode = (node: FolderNode, depth: number) => {
    const expanded = node.children.length > 0 && isOpen(node.path);
    const name = depth === 0 ? t('vault.allItems') : node.name;
    const menuOpen = menuFor === node.path;
    return (
      <li key={node.path}>
        <div
          className={dropOn === node.path ? 'folder-line folder-tree-drop' : 'folder-line'}
          style={{ paddingInlineStart: `${depth * 0.9}rem` }}
          {...dropHandlers(node.path)}
        >
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
            draggable={depth > 0}
            {...(depth > 0 && {
              title: t('folderTree.dropHint'),
              onDragStart: (e: DragEvent) => {
                e.dataTransfer.setData(DRAG_TYPE, node.path);
                e.dataTransfer.effectAllowed = 'move';
                setDragging(node.path);
              },
              onDragEnd: () => {
                setDragging(null);
                setDropOn(null);
              },
            })}
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
          <fieldset
            className="folder-tree-menu"
            aria-label={depth === 0 ? t('folders.actionsForTop') : t('folders.actionsFor', { name })}
            style={{ marginInlineStart: `${depth * 0.9 + 1.4}rem` }}
          >
            <button type="button" onClick={() => openDialog({ mode: 'new', path: node.path })}>
              {t('folders.newFolder')}
            </button>
            {depth > 0 && (
              <>
                <button type="button" onClick={() => openDialog({ mode: 'move', path: node.path })}>
                  {t('folders.rename')}
                </button>
                <button
                  type="button"
                  className="danger"
                  disabled={node.count > 0}
                  aria-describedby={node.count > 0 ? `folder-full-${depth}` : undefined}
                  onClick={() => {
                    setMenuFor(null);
                    remove.reset();
                    setConfirmDelete(node.path);
                  }}
                >
                  {t('folderTree.deleteFolder')}
                </button>
                {node.count > 0 && (
                  <small id={`folder-full-${depth}`} className="hint">
                    {t('folderTree.notEmptyHint', { count: node.count })}
                  </small>
                )}
              </>
            )}
          </fieldset>
        )}
        {expanded && <ul>{node.children.map((child) => renderNode(child, depth + 1))}</ul>}
      </li>
    );
  };
  return (
    <nav className="folders" aria-label={t('vault.folders')}>
      <div className="folder-tree-head">
        <button type="button" onClick={() => openDialog({ mode: 'new', path: here })}>
          {t('folderTree.newFolderHere')}
        </button>
      </div>
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
            aria-description={t('folderTree.trashCount', { count: trashCount })}
            onClick={() => {
              setPurged(null);
              onSelect('/', true);
            }}
          >
            <span>{t('vault.trash')}</span>
            <span className="count">{trashCount}</span>
          </button>
          {trash && (
            <div className="folder-tree-trash">
              <button
                type="button"
                className="danger"
                disabled={trashCount === 0}
                aria-describedby={trashCount === 0 ? 'trash-empty-reason' : undefined}
                onClick={() => {
                  empty.reset();
                  setConfirmEmpty(true);
                }}
              >
                {t('folders.emptyTrash')}
              </button>
              {trashCount === 0 && purged === null && (
                <p id="trash-empty-reason" className="hint">
                  {t('folderTree.emptyTrashDisabled')}
                </p>
              )}
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
          root={root}
          {...(dialog.into !== undefined && { into: dialog.into })}
          onClose={() => setDialog(null)}
          onDone={(from, to) => {
            setDialog(null);
            if (dialog.mode === 'new') {
              onSelect(to, false);
              return;
            }
            // The folder shown moved along: show it at its new place.
            const next = movedFolder(selected, from, to);
            if (next !== selected && !trash && !shared) onSelect(next, false);
          }}
        />
      )}
      {confirmDelete !== null && (
        <ConfirmDialog
          title={t('folderTree.deleteTitle', { path: confirmDelete })}
          confirmLabel={t('folderTree.deleteConfirm')}
          pending={remove.isPending}
          error={deleteRefusal ? null : remove.error}
          onConfirm={() => remove.mutate(confirmDelete)}
          onCancel={() => setConfirmDelete(null)}
        >
          <p>{t('folderTree.deleteText', { path: confirmDelete })}</p>
          {deleteRefusal && (
            <p className="error" role="alert">
              {deleteRefusal}
            </p>
          )}
        </ConfirmDialog>
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
          <p>{t('folderTree.emptyTrashText', { count: trashCount })}</p>
        </ConfirmDialog>
      )}
    </nav>
  );
});

/** A drop of `from` on `target` would move it: not onto itself, its own parent, or a folder inside it. */
function canDropOnFrom(from: string, target: string): boolean {
  return target !== from && target !== parentOf(from) && !target.startsWith(`${from}/`);
}
