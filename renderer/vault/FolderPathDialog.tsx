// Asks for a folder's path: where a folder goes (rename and move are one change of its path), or where a
// new folder is. A new folder comes into being with its first secret, so "Create" opens the new-secret
// form with the folder filled in.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError } from '../../client/index.ts';
import { pathSchema } from '../../contract/common.ts';
import { Dialog } from '../components/Dialog.tsx';
import { inputProblem } from '../components/error-text.ts';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { SubmitActions } from '../components/SubmitActions.tsx';
import { TextField } from '../components/TextField.tsx';
import { useRenameFolder } from './use-folder-actions.ts';

interface FolderPathDialogProps {
  mode: 'rename' | 'new';
  /** The folder renamed, or the one the new folder goes in. */
  path: string;
  onClose(): void;
  /** After a rename, with the folder's new path. */
  onRenamed(from: string, to: string): void;
  /** For a new folder: open the new-secret form in it. */
  onCreate(path: string): void;
}

export function FolderPathDialog({ mode, path, onClose, onRenamed, onCreate }: FolderPathDialogProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(mode === 'rename' ? path : path === '/' ? '/' : `${path}/`);
  const [problem, setProblem] = useState<string | null>(null);
  const rename = useRenameFolder((to) => onRenamed(path, to));
  // A name clash names the secret in the way; the sentence around it is the person's language.
  const clash =
    rename.error instanceof KeyholdError && rename.error.code === 'conflict' && rename.error.field === 'to'
      ? t('folders.clash', { detail: rename.error.message })
      : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const to = value.trim();
    const parsed = pathSchema.safeParse(to);
    if (!parsed.success) {
      setProblem(inputProblem(t, 'path', parsed.error));
      return;
    }
    setProblem(null);
    if (mode === 'new') onCreate(parsed.data);
    else if (parsed.data !== path) rename.mutate({ from: path, to: parsed.data });
    else onClose();
  };
  return (
    <Dialog
      title={mode === 'rename' ? t('folders.renameTitle', { path }) : t('folders.newTitle')}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <FieldErrorScope operation="renameFolder" error={rename.error}>
          <TextField
            label={mode === 'rename' ? t('folders.newPath') : t('folders.folderPath')}
            hint={mode === 'rename' ? t('folders.renameHint') : t('folders.newHint')}
            field="to"
            value={value}
            onChange={setValue}
            problem={problem ?? clash}
            autoFocus
            spellCheck={false}
          />
          <SubmitActions
            submitLabel={mode === 'rename' ? t('folders.move') : t('folders.create')}
            pending={rename.isPending}
            error={rename.error}
            onCancel={onClose}
          />
        </FieldErrorScope>
      </form>
    </Dialog>
  );
}
