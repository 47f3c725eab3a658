// Making a one-time link: a text or a file, expiry, views and an optional password; once made, the link is
// shown once with a copy button (its key is kept nowhere else).
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyholdError } from '../../client/index.ts';
import { SHARE_LINK_HOURS, SHARE_LINK_VIEWS } from '../../contract/ops-links.ts';
import { useCopy } from '../app/use-copy.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ShareFileField } from './ShareFileField.tsx';
import { filePayload, fitsInLink, pickedFile, type ShareFile } from './share-file.ts';
import { useCreateShareLink } from './use-share-links.ts';

const EXPIRY_CHOICES = ['1', '24', '168', '720'] as const;

interface Props {
  initialText?: string;
  /** The item the form was opened from: its files can be shared too. */
  secretId?: string;
  onDone?: () => void;
}

export function ShareLinkForm({ initialText = '', secretId, onDone }: Props) {
  const { t } = useTranslation();
  const ids = { text: useId(), hours: useId(), views: useId(), password: useId(), url: useId() };
  const [kind, setKind] = useState<'text' | 'file'>('text');
  const [text, setText] = useState(initialText);
  const [file, setFile] = useState<ShareFile | null>(null);
  const [hours, setHours] = useState<(typeof EXPIRY_CHOICES)[number]>(
    String(SHARE_LINK_HOURS.default) as '168',
  );
  const [views, setViews] = useState(String(SHARE_LINK_VIEWS.default));
  const [password, setPassword] = useState('');
  const create = useCreateShareLink();
  const copy = useCopy();
  const viewCount = Number(views);
  const viewsValid =
    Number.isInteger(viewCount) && viewCount >= SHARE_LINK_VIEWS.min && viewCount <= SHARE_LINK_VIEWS.max;
  const contentReady = kind === 'text' ? text !== '' : file !== null && fitsInLink(file.size);
  // A file dropped anywhere on the form is the file to share (and switches the form to files).
  const drop = (e: DragEvent<HTMLFormElement>) => {
    const dropped = e.dataTransfer.files[0];
    if (!dropped) return;
    e.preventDefault();
    const picker = e.currentTarget.querySelector<HTMLInputElement>('input[type="file"]');
    if (picker) picker.value = '';
    setKind('file');
    setFile(pickedFile(dropped));
  };

  if (create.data) {
    return (
      <div className="links-made">
        <h2>{t('links.madeTitle')}</h2>
        <p className="hint">{t('links.madeHint')}</p>
        <label htmlFor={ids.url}>{t('links.madeTitle')}</label>
        <input id={ids.url} readOnly value={create.data.url} onFocus={(e) => e.currentTarget.select()} />
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => copy.mutate({ text: create.data.url, clearAfterSeconds: 0 })}
          >
            {copy.isSuccess ? t('links.copied') : t('links.copy')}
          </button>
          <button
            type="button"
            onClick={() => {
              create.reset();
              copy.reset();
              setText('');
              setFile(null);
              setPassword('');
              onDone?.();
            }}
          >
            {t('links.close')}
          </button>
        </div>
      </div>
    );
  }

  const disabled = create.error instanceof KeyholdError && create.error.code === 'forbidden';
  return (
    <form
      className="links-form"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={drop}
      onSubmit={(e) => {
        e.preventDefault();
        if (!contentReady || !viewsValid) return;
        create.mutate({
          payload: kind === 'text' || !file ? { kind: 'text', text } : () => filePayload(file),
          expiresInHours: Number(hours),
          maxViews: viewCount,
          password: password || null,
        });
      }}
    >
      <fieldset className="choices">
        <legend>{t('links.kind')}</legend>
        {(['text', 'file'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name={`${ids.text}-kind`} checked={kind === k} onChange={() => setKind(k)} />{' '}
            {t(k === 'text' ? 'links.kindText' : 'links.kindFile')}
          </label>
        ))}
      </fieldset>
      {kind === 'text' ? (
        <div className="field">
          <label htmlFor={ids.text}>{t('links.text')}</label>
          <textarea id={ids.text} value={text} required rows={5} onChange={(e) => setText(e.target.value)} />
        </div>
      ) : (
        <ShareFileField file={file} onChange={setFile} secretId={secretId} />
      )}
      <div className="links-options">
        <div className="field">
          <label htmlFor={ids.hours}>{t('links.expires')}</label>
          <select id={ids.hours} value={hours} onChange={(e) => setHours(e.target.value as typeof hours)}>
            {EXPIRY_CHOICES.map((h) => (
              <option key={h} value={h}>
                {t(`links.hours.${h}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.views}>{t('links.views')}</label>
          <input
            id={ids.views}
            type="number"
            inputMode="numeric"
            min={SHARE_LINK_VIEWS.min}
            max={SHARE_LINK_VIEWS.max}
            value={views}
            aria-invalid={!viewsValid}
            onChange={(e) => setViews(e.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.password}>{t('links.password')}</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={password}
          aria-describedby={`${ids.password}-hint`}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p className="hint" id={`${ids.password}-hint`}>
          {t('links.passwordHint')}
        </p>
      </div>
      {disabled ? (
        <div className="error" role="alert">
          <strong>{t('links.disabled')}</strong>
        </div>
      ) : (
        <ErrorMessage error={create.error} />
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending || !contentReady || !viewsValid}>
          {create.isPending ? t('links.creating') : t('links.create')}
        </button>
      </div>
    </form>
  );
}
