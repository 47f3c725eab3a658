// Create or edit a secret: metadata the server can index, a payload encrypted here before it leaves.
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedSecret } from '../../client/index.ts';
import { pathSchema, secretNameSchema, secretTypes, tagSchema } from '../../contract/index.ts';
import { inputProblem } from '../components/error-text.ts';
import { FieldErrorScope } from '../components/field-errors.tsx';
import { SubmitActions } from '../components/SubmitActions.tsx';
import { TextField } from '../components/TextField.tsx';
import { agentKeysChanged } from '../ssh-agent/agent-keys-changed.ts';
import { GeneratorPanel } from './GeneratorPanel.tsx';
import { type SecretType, secretTypeTemplates } from './secret-types.ts';
import { useSaveSecret } from './use-secrets.ts';

interface Field {
  name: string;
  value: string;
  hidden: boolean;
}

interface SecretEditorProps {
  existing: OpenedSecret | null;
  /** A read-write recipient changes the value only; name, folder, tags and type stay the owner's. */
  valueOnly?: boolean;
  defaultPath: string;
  onSaved(id: string): void;
  onCancel(): void;
}

export function SecretEditor({
  existing,
  valueOnly = false,
  defaultPath,
  onSaved,
  onCancel,
}: SecretEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const [type, setType] = useState<SecretType>(existing?.type ?? 'login');
  const [name, setName] = useState(existing?.name ?? '');
  const [path, setPath] = useState(existing?.path ?? defaultPath);
  const [tags, setTags] = useState(existing?.tags.join(', ') ?? '');
  const [value, setValue] = useState(existing?.payload.value ?? '');
  const [notes, setNotes] = useState(existing?.payload.notes ?? '');
  const [sshAgent, setSshAgent] = useState(existing?.payload.sshAgent === true);
  const [fields, setFields] = useState<Field[]>(
    existing?.payload.fields ?? secretTypeTemplates.login.fields.map((f) => ({ ...f, value: '' })),
  );
  const [generating, setGenerating] = useState(false);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const template = secretTypeTemplates[type];

  const changeType = (next: SecretType) => {
    setType(next);
    // A new secret takes the fields of its kind; an existing one keeps what it holds.
    if (!existing && fields.every((f) => f.value === '')) {
      setFields(secretTypeTemplates[next].fields.map((f) => ({ ...f, value: '' })));
    }
  };

  // A saved SSH-key item may change what the desktop SSH agent offers.
  const save = useSaveSecret((savedId) => {
    if (type === 'ssh_key' || existing?.payload.sshAgent) agentKeysChanged();
    onSaved(savedId);
  });
  const saveNow = () => {
    const payload = {
      value,
      notes,
      fields: fields.filter((f) => f.name.trim() !== '').map((f) => ({ ...f, name: f.name.trim() })),
      // The two-step mark is set from the item view; an edit keeps it.
      ...(existing?.payload.twoStep && { twoStep: true }),
      // Written only when set, so other items' payloads stay as they were.
      ...(type === 'ssh_key' && sshAgent && { sshAgent: true }),
    };
    const meta = {
      name: name.trim(),
      path: path.trim() || '/',
      tags: tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      type,
    };
    const payloadChanged = existing && JSON.stringify(payload) !== JSON.stringify(existing.payload);
    save.mutate(
      !existing
        ? { kind: 'create', input: { ...meta, payload } }
        : valueOnly
          ? { kind: 'value', existing, payload }
          : { kind: 'update', existing, meta, ...(payloadChanged && { payload }) },
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const checks: [string, ReturnType<typeof secretNameSchema.safeParse>][] = [
      ['name', secretNameSchema.safeParse(name)],
      ['path', pathSchema.safeParse(path.trim() || '/')],
      ...tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean)
        .map((tag): [string, ReturnType<typeof tagSchema.safeParse>] => ['tags', tagSchema.safeParse(tag)]),
    ];
    for (const [field, result] of checks) {
      if (!result.success) {
        // In words and in the person's language, as the server's refusal would read: never zod's text.
        setProblem({ field, message: inputProblem(t, field, result.error) });
        return;
      }
    }
    saveNow();
  };

  // Found here before sending; the server's own refusals reach the same place through the scope.
  const fieldProblem = (field: string) => (problem?.field === field ? problem.message : null);

  return (
    <form
      className="editor"
      onSubmit={submit}
      aria-label={existing ? t('item.editTitle') : t('item.newTitle')}
    >
      <FieldErrorScope operation={existing ? 'updateSecret' : 'createSecret'} error={save.error}>
        <h2>{existing ? t('item.editTitle') : t('item.newTitle')}</h2>
        {valueOnly && <p className="notice">{t('item.valueOnly')}</p>}
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('item.type')}</label>
          <select
            id={`${id}-type`}
            value={type}
            disabled={valueOnly}
            onChange={(e) => changeType(e.target.value as SecretType)}
          >
            {secretTypes.map((kind) => (
              <option key={kind} value={kind}>
                {t(`types.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label={t('item.name')}
          field="name"
          problem={fieldProblem('name')}
          value={name}
          onChange={setName}
          required
          autoFocus
          disabled={valueOnly}
        />
        <TextField
          label={t('item.path')}
          field="path"
          problem={fieldProblem('path')}
          value={path}
          onChange={setPath}
          hint={t('item.pathHint')}
          disabled={valueOnly}
        />
        <TextField
          label={t('item.tags')}
          field="tags"
          problem={fieldProblem('tags')}
          value={tags}
          onChange={setTags}
          hint={t('item.tagsHint')}
          disabled={valueOnly}
        />
        <div className="field">
          <label htmlFor={`${id}-value`}>{t(template.valueLabel)}</label>
          {template.multiline ? (
            <textarea
              id={`${id}-value`}
              value={value}
              rows={6}
              spellCheck={false}
              onChange={(e) => setValue(e.target.value)}
            />
          ) : (
            <div className="row">
              <input
                id={`${id}-value`}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
              {template.generator && (
                <button type="button" onClick={() => setGenerating(true)} aria-expanded={generating}>
                  {t('generator.open')}
                </button>
              )}
            </div>
          )}
        </div>
        {type === 'ssh_key' && (
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={sshAgent} onChange={(e) => setSshAgent(e.target.checked)} />
              {t('ssh.useInAgent')}
            </label>
            <p className="hint">{t('ssh.useInAgentHint')}</p>
          </div>
        )}
        {generating && (
          <GeneratorPanel
            onUse={(password) => {
              setValue(password);
              setGenerating(false);
            }}
            onClose={() => setGenerating(false)}
          />
        )}
        <fieldset>
          <legend>{t('item.fields')}</legend>
          {fields.map((field, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fields have no identity but their position
            <div className="row custom-field" key={i}>
              <input
                aria-label={t('item.fieldName', { n: i + 1 })}
                value={field.name}
                onChange={(e) =>
                  setFields(fields.map((f, j) => (j === i ? { ...f, name: e.target.value } : f)))
                }
              />
              <input
                aria-label={t('item.fieldValue', { name: field.name || i + 1 })}
                type={field.hidden ? 'password' : 'text'}
                value={field.value}
                onChange={(e) =>
                  setFields(fields.map((f, j) => (j === i ? { ...f, value: e.target.value } : f)))
                }
              />
              <label className="check">
                <input
                  type="checkbox"
                  checked={field.hidden}
                  onChange={(e) =>
                    setFields(fields.map((f, j) => (j === i ? { ...f, hidden: e.target.checked } : f)))
                  }
                />
                {t('item.hidden')}
              </label>
              <button
                type="button"
                aria-label={t('item.removeField', { name: field.name || i + 1 })}
                onClick={() => setFields(fields.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setFields([...fields, { name: '', value: '', hidden: true }])}>
            {t('item.addField')}
          </button>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-notes`}>{t('item.notes')}</label>
          <textarea id={`${id}-notes`} value={notes} rows={3} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <SubmitActions
          submitLabel={t('common.save')}
          pending={save.isPending}
          error={save.error}
          onCancel={onCancel}
        />
      </FieldErrorScope>
    </form>
  );
}
