// Picks the folder something goes into: every folder of the tree, indented by depth, the top level first.
// A folder being moved cannot go into itself or below itself, so those are left out.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type FolderNode, folderPaths } from './folder-tree.ts';

interface FolderPickerProps {
  label: string;
  root: FolderNode;
  value: string;
  onChange(path: string): void;
  /** A folder being moved: it and the folders inside it are not offered. */
  moving?: string;
}

export function FolderPicker({ label, root, value, onChange, moving }: FolderPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const offered = folderPaths(root).filter(
    (path) => moving === undefined || (path !== moving && !path.startsWith(`${moving}/`)),
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {offered.map((path) => (
          <option key={path} value={path}>
            {path === '/'
              ? t('folderTree.top')
              : `${'\u00a0\u00a0'.repeat(path.split('/').length - 2)}${path}`}
          </option>
        ))}
      </select>
    </div>
  );
}
