// Export the vault: an encrypted archive by default; a plain file only after saying plainly what it means.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FormProblem } from '../components/FormProblem.tsx';
import { NewPasswordFields, newPasswordProblem } from '../components/NewPasswordFields.tsx';
import { TextField } from '../components/TextField.tsx';
import { type ExportKind, exportKinds } from './export-file-name.ts';
import { kindLabel } from './labels.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { readTargetFolder } from './target-folder.ts';
import { useExport } from './use-export.ts';

// The whole vault unless a folder is named: a backup that silently left folders out would be worse than none.
export function ExportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const flow = useExport();
  const { stage } = flow;
  const [kind, setKind] = useState<ExportKind>('archive');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [folder, setFolder] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const working = stage.kind === 'working';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (working) return;
    const scope = readTargetFolder(folder);
    const found =
      kind === 'archive'
        ? await newPasswordProblem(t, password, confirm)
        : understood
          ? null
          : t('transfer.export.mustUnderstand');
    if (found || !scope.ok) {
      setProblem(found ?? (scope.ok ? null : `${t('transfer.export.folder')}: ${scope.message}`));
      return;
    }
    setProblem(null);
    void flow.run({ kind, password, folder: scope.folder });
    // The password has done its work once the archive is sealed; it need not stay on screen.
    setPassword('');
    setConfirm('');
  };

  const close = () => {
    flow.abandon();
    onClose();
  };

  return (
    <Dialog title={t('transfer.export.title')} onClose={close}>
      <form className="transfer-form export-form" onSubmit={submit} aria-label={t('transfer.export.title')}>
        <fieldset className="bare" disabled={working || stage.kind === 'done'}>
          <fieldset>
            <legend>{t('transfer.export.kind')}</legend>
            {exportKinds.map((k) => (
              <label className="check" key={k}>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    setProblem(null);
                  }}
                />
                {kindLabel(t, k)}
              </label>
            ))}
          </fieldset>
          {kind === 'archive' ? (
            <>
              <NewPasswordFields
                label={t('transfer.export.archivePassword')}
                password={password}
                confirm={confirm}
                onPassword={setPassword}
                onConfirm={setConfirm}
              />
              <p className="hint">{t('transfer.export.archiveHint')}</p>
            </>
          ) : (
            <>
              <p className="warning" role="note">
                {t('transfer.export.plainWarning')}
              </p>
              <label className="check">
                <input
                  type="checkbox"
                  checked={understood}
                  onChange={(e) => setUnderstood(e.target.checked)}
                />
                {t('transfer.export.understand')}
              </label>
            </>
          )}
          <TextField
            label={t('transfer.export.folder')}
            value={folder}
            onChange={setFolder}
            hint={t('transfer.export.folderHint')}
          />
        </fieldset>
        <FormProblem text={problem} />
        {working && <ProgressBar progress={flow.progress} />}
        {stage.kind === 'failed' && <ErrorMessage error={stage.error} />}
        {stage.kind === 'done' && (
          <div className="export-done">
            <p role="status">
              {t('transfer.export.done', { count: stage.count, file: stage.fileName })}
              {stage.files > 0 && ` ${t('archiveFiles.exported', { count: stage.files })}`}
            </p>
            {stage.plain && <p className="warning">{t('transfer.export.deleteWhenDone')}</p>}
            <a className="button" href={stage.href} download={stage.fileName}>
              {t('transfer.export.saveAgain')}
            </a>
          </div>
        )}
        <div className="actions">
          {stage.kind === 'done' ? (
            <button type="button" className="primary" onClick={close}>
              {t('common.done')}
            </button>
          ) : (
            <button type="submit" className="primary" disabled={working}>
              {t('transfer.export.submit')}
            </button>
          )}
          {stage.kind !== 'done' && (
            <button type="button" onClick={close}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
