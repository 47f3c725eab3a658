// Import from another manager's file: choose it, check the detected format, preview, then import all or nothing.
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchivePasswordError } from '../../client/export/format-archive.ts';
import {
  type DuplicatePolicy,
  duplicatePolicies,
  type ImportFormat,
  ImportFormatError,
  importFormats,
} from '../../client/import/import-types.ts';
import { ImportRunError } from '../../client/import/importer.ts';
import { detectFormat } from '../../client/import/index.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { errorText } from '../components/error-text.ts';
import { FormProblem } from '../components/FormProblem.tsx';
import { TextField } from '../components/TextField.tsx';
import { ImportPreview } from './ImportPreview.tsx';
import { formatLabel, policyLabel } from './labels.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { readTargetFolder } from './target-folder.ts';
import { type ImportResult, type ImportSource, MAX_IMPORT_MEGABYTES, useImport } from './use-import.ts';

interface Inputs {
  source: ImportSource | null;
  format: ImportFormat | null;
  password: string;
  folder: string;
  policy: DuplicatePolicy;
}

export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const flow = useImport();
  const { stage } = flow;
  const [inputs, setInputs] = useState<Inputs>({
    source: null,
    format: null,
    password: '',
    folder: '',
    policy: 'skip',
  });
  const [detected, setDetected] = useState<ImportFormat | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [folderProblem, setFolderProblem] = useState<string | null>(null);
  const reading = useRef(0);
  const committing = stage.kind === 'importing';

  /** Previews with the inputs as they will be after this change (state updates land only on the next render). */
  const previewWith = (change: Partial<Inputs>) => {
    const next = { ...inputs, ...change };
    setInputs(next);
    if (!next.source || !next.format) return flow.abandon();
    // An archive is opened only once its password is typed and confirmed with Enter or Preview.
    if (next.format === 'keyhold-archive' && next.password === '') return flow.abandon();
    const folder = readTargetFolder(next.folder);
    if (!folder.ok) {
      setFolderProblem(`${t('transfer.import.folder')}: ${folder.message}`);
      return flow.abandon();
    }
    setFolderProblem(null);
    void flow.preview({ ...next, source: next.source, format: next.format, folder: folder.folder });
  };

  /** An input changed that the preview depends on: the preview shown no longer holds. */
  const change = (update: Partial<Inputs>) => {
    setInputs({ ...inputs, ...update });
    if (stage.kind !== 'idle') flow.abandon();
  };

  const chooseFile = async (file: File | undefined) => {
    const mine = ++reading.current;
    setFileProblem(null);
    setDetected(null);
    change({ source: null, format: null, password: '' });
    if (!file) return;
    try {
      // Told from its head: a Keyhold archive may carry large files, so it is read a line at a time later,
      // never whole; any other format is text that is read whole, up to the limit.
      const head = await file.slice(0, 64 * 1024).text();
      if (mine !== reading.current) return;
      const archive = detectFormat(file.name, head) === 'keyhold-archive';
      if (!archive && file.size > MAX_IMPORT_MEGABYTES * 1024 * 1024) {
        setFileProblem(t('transfer.import.tooLarge', { size: MAX_IMPORT_MEGABYTES }));
        return;
      }
      const text = archive ? '' : await file.text();
      if (mine !== reading.current) return;
      const format = archive ? 'keyhold-archive' : detectFormat(file.name, text);
      setDetected(format);
      previewWith({ source: { fileName: file.name, text, file }, format, password: '' });
    } catch (error) {
      if (mine !== reading.current) return;
      const { headline, detail } = errorText(t, error);
      setFileProblem(detail ?? headline);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (stage.kind === 'preview' || committing) return;
    previewWith({});
  };

  const cancel = () => {
    if (committing) return;
    flow.abandon();
    onClose();
  };

  if (stage.kind === 'done') {
    return (
      <Dialog title={t('transfer.import.title')} onClose={onClose}>
        <ImportSummary result={stage.result} onClose={onClose} />
      </Dialog>
    );
  }

  const plan = stage.kind === 'preview' || stage.kind === 'importing' ? stage.plan : null;
  const toImport = plan ? plan.counts.create + plan.counts.replace : 0;
  return (
    <Dialog title={t('transfer.import.title')} onClose={cancel}>
      <form className="transfer-form import-form" onSubmit={submit} aria-label={t('transfer.import.title')}>
        <fieldset className="bare" disabled={committing}>
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('transfer.import.file')}</label>
            <input
              id={`${id}-file`}
              type="file"
              aria-describedby={`${id}-file-hint`}
              onChange={(e) => void chooseFile(e.target.files?.[0])}
            />
            <small id={`${id}-file-hint`} className="hint">
              {t('transfer.import.fileHint')}
            </small>
          </div>
          <FormProblem text={fileProblem} />
          {inputs.source && (
            <div className="field">
              <label htmlFor={`${id}-format`}>{t('transfer.import.format')}</label>
              <select
                id={`${id}-format`}
                value={inputs.format ?? ''}
                aria-describedby={`${id}-format-hint`}
                onChange={(e) =>
                  previewWith({ format: importFormats.find((f) => f === e.target.value) ?? null })
                }
              >
                {!inputs.format && <option value="">{t('transfer.import.chooseFormat')}</option>}
                {importFormats.map((format) => (
                  <option key={format} value={format}>
                    {formatLabel(t, format)}
                  </option>
                ))}
              </select>
              <small id={`${id}-format-hint`} className="hint">
                {detected
                  ? t('transfer.import.detected', { format: formatLabel(t, detected) })
                  : t('transfer.import.notDetected')}
              </small>
            </div>
          )}
          {inputs.format === 'keyhold-archive' && (
            <TextField
              label={t('transfer.import.archivePassword')}
              type="password"
              autoComplete="off"
              value={inputs.password}
              onChange={(password) => change({ password })}
              hint={t('transfer.import.archivePasswordHint')}
              autoFocus
            />
          )}
          <TextField
            label={t('transfer.import.folder')}
            value={inputs.folder}
            onChange={(folder) => change({ folder })}
            onBlur={() => {
              if (stage.kind === 'idle' && inputs.source && inputs.format !== 'keyhold-archive')
                previewWith({});
            }}
            hint={t('transfer.import.folderHint')}
          />
          <FormProblem text={folderProblem} />
          <fieldset className="choices">
            <legend>{t('transfer.import.duplicates')}</legend>
            {duplicatePolicies.map((policy) => (
              <label className="check" key={policy}>
                <input
                  type="radio"
                  name={`${id}-policy`}
                  checked={inputs.policy === policy}
                  onChange={() => (stage.kind === 'idle' ? change({ policy }) : previewWith({ policy }))}
                />
                {policyLabel(t, policy)}
              </label>
            ))}
          </fieldset>
        </fieldset>
        {(stage.kind === 'reading' || committing) && <ProgressBar progress={flow.progress} />}
        {committing && <p className="hint">{t('transfer.import.cannotStop')}</p>}
        {stage.kind === 'failed' && <ImportFailure during={stage.during} error={stage.error} />}
        {stage.kind === 'preview' && <ImportPreview plan={stage.plan} />}
        {stage.kind === 'preview' && toImport === 0 && stage.plan.rows.length > 0 && (
          <p className="notice">{t('transfer.import.nothingToImport')}</p>
        )}
        <div className="actions">
          {stage.kind === 'preview' || committing ? (
            <button
              type="button"
              className="primary"
              disabled={toImport === 0 || committing}
              onClick={() => stage.kind === 'preview' && void flow.commit(stage.plan)}
            >
              {t('transfer.import.submit', { count: toImport })}
            </button>
          ) : (
            <button
              type="submit"
              className="primary"
              disabled={!inputs.source || !inputs.format || stage.kind === 'reading'}
            >
              {t('transfer.import.preview')}
            </button>
          )}
          <button type="button" onClick={cancel} disabled={committing}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A malformed file names its line or record; a failed import says that nothing was written. */
function ImportFailure({ during, error }: { during: 'preview' | 'import'; error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ImportFormatError) {
    return (
      <div className="error" role="alert">
        <strong>{t('transfer.import.badFile')}</strong>
        <span className="error-detail">{error.message}</span>
      </div>
    );
  }
  if (error instanceof ArchivePasswordError) {
    return (
      <div className="error" role="alert">
        <strong>{t('transfer.import.wrongPassword')}</strong>
      </div>
    );
  }
  if (during === 'preview') return <ErrorMessage error={error} />;
  // The importer names the file's entry the server refused, when it knows it.
  const words = errorText(t, error);
  const detail =
    error instanceof ImportRunError
      ? error.message
      : words.detail
        ? `${words.headline} ${words.detail}`
        : words.headline;
  return (
    <div className="error" role="alert">
      <strong>{t('transfer.import.failed')}</strong>
      <span className="error-detail">{detail}</span>
    </div>
  );
}

function ImportSummary({ result, onClose }: { result: ImportResult; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <div className="import-summary">
      <div role="status">
        <h3>{t('transfer.import.doneTitle')}</h3>
        <ul className="preview-counts">
          <li>{t('transfer.import.created', { count: result.created })}</li>
          {result.replaced > 0 && <li>{t('transfer.import.replaced', { count: result.replaced })}</li>}
          {result.skipped > 0 && <li>{t('transfer.import.skipped', { count: result.skipped })}</li>}
          {result.versions > 0 && <li>{t('transfer.import.versionsDone', { count: result.versions })}</li>}
          {result.files && <FilesOutcome files={result.files} />}
        </ul>
      </div>
      <div className="actions">
        {/* biome-ignore lint/a11y/noAutofocus: the dialog's one remaining action, where focus belongs */}
        <button type="button" className="primary" autoFocus onClick={onClose}>
          {t('common.done')}
        </button>
      </div>
    </div>
  );
}

/** What became of an archive's files: put back, left out, refused one by one, or stopped (named why). */
function FilesOutcome({ files }: { files: NonNullable<ImportResult['files']> }) {
  const { t } = useTranslation();
  if ('stopped' in files) {
    return <li className="error-detail">{t('archiveFiles.stopped', { reason: files.stopped })}</li>;
  }
  return (
    <>
      <li>{t('archiveFiles.attached', { count: files.attached })}</li>
      {files.skipped > 0 && <li>{t('archiveFiles.skipped', { count: files.skipped })}</li>}
      {files.failed.map((failure) => (
        <li key={`${failure.where}-${failure.code}-${failure.message}`} className="error-detail">
          {t('archiveFiles.refused', { where: failure.where, reason: failure.message })}
        </li>
      ))}
    </>
  );
}
