// The folder tree: all items, each folder with its count, shared with me, and the trash. Subfolders
// open on demand (a vault with thousands of folders renders only what is expanded), and the tree is
// memoized so that typing in the search box never re-renders it.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderNode } from './folder-tree.ts';

interface FolderTreeProps {
  root: FolderNode;
  selected: string;
  trash: boolean;
  shared: boolean;
  onSelect(path: string, trash: boolean): void;
  onShared(): void;
}

export const FolderTree = memo(function FolderTree({
  root,
  selected,
  trash,
  shared,
  onSelect,
  onShared,
}: FolderTreeProps) {
  const { t } = useTranslation();
  // The top level is open; deeper folders open when asked, or when they hold the selected folder.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(['/']));
  const isOpen = (path: string) => open.has(path) || selected.startsWith(`${path === '/' ? '' : path}/`);
  const toggle = (path: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const renderNode = (node: FolderNode, depth: number) => {
    const expanded = node.children.length > 0 && isOpen(node.path);
    const name = depth === 0 ? t('vault.allItems') : node.name;
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
        </div>
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
            onClick={() => onSelect('/', true)}
          >
            <span>{t('vault.trash')}</span>
          </button>
        </li>
      </ul>
    </nav>
  );
});
