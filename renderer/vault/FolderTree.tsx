// The folder tree: all items, each folder with its count, and the trash.
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

export function FolderTree({ root, selected, trash, shared, onSelect, onShared }: FolderTreeProps) {
  const { t } = useTranslation();
  const renderNode = (node: FolderNode, depth: number) => (
    <li key={node.path}>
      <button
        type="button"
        className="folder"
        style={{ paddingInlineStart: `${0.5 + depth * 0.9}rem` }}
        aria-current={!trash && !shared && selected === node.path ? 'true' : undefined}
        onClick={() => onSelect(node.path, false)}
      >
        <span>{depth === 0 ? t('vault.allItems') : node.name}</span>
        <span className="count">{node.count}</span>
      </button>
      {node.children.length > 0 && <ul>{node.children.map((child) => renderNode(child, depth + 1))}</ul>}
    </li>
  );
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
}
