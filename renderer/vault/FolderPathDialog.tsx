// Makes a folder, or renames and moves one: a name and the folder it goes inside (picked from the tree),
// with the resulting path shown as it is typed. Every refusal is a sentence in the person's language next
// to the field it is about; the name stops at what the contract's path limit leaves after the parent.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError } from '../../client/index.ts';
import { pathSchema } from '../../contract/common.ts';
import { MAX_STORED_FOLDERS } from '../../contract/ops-folders.ts';
import { maxLengthAt } from '../components/contract-limits.ts';
import { Dialog } from '../components/Dialog.tsx';
import { errorText, inputProblem } from '../components/error-text.ts';
import { SubmitActions } from '../components/SubmitActions.tsx';
import { TextField } from '../components/TextField.tsx';
import { FolderPicker } from './FolderPicker.tsx';
import { childPath, type FolderNode, parentOf } from './folder-tree.ts';
import { useCreateFolder, useRenameFolder } from './use-folder-actions.ts';

const PATH_MAX = maxLengthAt('createFolder', 'path') ?? 512;

interface FolderPathDialogProps {
  /** `new`: a folder inside `path`; `move`: rename or move the folder at `path`. */
  mode: 'new' | 'move';
  path: string;
  root: FolderNode;
  /** Moving: the folder it goes into at first (a folder it was dropped on). */
  into?: string;
  onClose(): void;
  /** Once done, with the folder's path before (the parent, for a new one) and after. */
  onDone(from: string, to: string): void;
}

export function FolderPathDialog({ mode, path, root, into, onClose, onDone }: FolderPathDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(mode === 'move' ? path.slice(path.lastIndexOf('/') + 1) : '');
  const [parent, setParent] = useState(mode === 'move' ? (into ?? parentOf(path)) : path);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateFolder((to) => onDone(path, to));
  const rename = useRenameFolder((to) => onDone(path, to));
  const pending = create.isPending || rename.isPending;
  const error = mode === 'new' ? create.error : rename.error;
  const trimmed = name.trim();
  const target = trimmed ? childPath(parent, trimmed) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    create.reset();
    rename.reset();
    if (!trimmed) return setProblem(t('folderTree.nameEmpty'));
    if (trimmed.includes('/')) return setProblem(t('folderTree.nameHasSlash'));
    const parsed = pathSchema.safeParse(childPath(parent, trimmed));
    if (!parsed.success) return setProblem(inputProblem(t, 'path', parsed.error));
    const to = parsed.data;
    if (mode === 'move') {
      if (to === path) onClose();
      else rename.mutate({ from: path, to });
      return;
    }
    if (findPath(root, to)) return setProblem(t('folderTree.exists', { path: to }));
    create.mutate(to);
  };

  return (
    <Dialog
      title={mode === 'move' ? t('folderTree.moveTitle', { path }) : t('folderTree.newTitle')}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('folderTree.name')}
          hint={mode === 'move' ? t('folderTree.moveHint') : t('folderTree.nameHint')}
          value={name}
          onChange={setName}
          problem={problem ?? refusal(t, error)}
          // What the contract's path limit leaves once the parent and the slash are counted.
          maxLength={Math.max(1, PATH_MAX - (parent === '/' ? 1 : parent.length + 1))}
          autoFocus
          spellCheck={false}
        />
        <FolderPicker
          label={t('folderTree.inside')}
          root={root}
          value={parent}
          onChange={setParent}
          {...(mode === 'move' && { moving: path })}
        />
        {target && !trimmed.includes('/') && (
          <p className="hint" aria-live="polite">
            {t('folderTree.willBe', { path: target })}
          </p>
        )}
        <SubmitActions
          submitLabel={mode === 'move' ? t('folderTree.move') : t('folderTree.create')}
          pending={pending}
          // Refusals the name field words itself are not repeated below it.
          error={refusal(t, error) ? null : error}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

function findPath(node: FolderNode, path: string): boolean {
  return node.path === path || node.children.some((child) => findPath(child, path));
}

/** The server's refusal as a sentence about the name field, in the person's language; null for others. */
function refusal(t: ReturnType<typeof useTranslation>['t'], error: unknown): string | null {
  if (!(error instanceof KeyholdError)) return null;
  if (error.code === 'bad_request' && error.field) return errorText(t, error).headline;
  if (error.code === 'not_found') return t('folderTree.gone');
  if (error.code !== 'conflict') return null;
  // Moving: a secret of the same name is where one would land (the server's message names it).
  if (error.field === 'to') return t('folders.clash', { detail: error.message });
  if (error.field === 'path') return t('folderTree.limit', { count: MAX_STORED_FOLDERS });
  return null;
}
