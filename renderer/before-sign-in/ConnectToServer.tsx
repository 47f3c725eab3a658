// Client mode (desktop): reach a Keyhold server by URL, compare its CA fingerprint with the one its
// administrator sees, and pin it (or pin a CA certificate file). The window reloads, signed out.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session-context.tsx';
import { useConnectServer, useProbeServer } from '../app/use-connection.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TextField } from '../components/TextField.tsx';

export function ConnectToServer({ onCancel }: { onCancel?: () => void }) {
  const { t } = useTranslation();
  const { platform } = useSession();
  const [url, setUrl] = useState('https://');
  const [caFile, setCaFile] = useState<{ name: string; pem: string } | null>(null);
  const probe = useProbeServer();
  const connect = useConnectServer();
  if (!platform.connection) return null;
  const met = probe.data;

  const check = (e: FormEvent) => {
    e.preventDefault();
    connect.reset();
    probe.mutate(url);
  };
  const trust = () => {
    if (caFile) connect.mutate({ url, caCertPem: caFile.pem });
    else if (met) connect.mutate({ url: met.url, caFingerprint: met.caFingerprint });
  };
  const readCaFile = async (file: File | undefined) => {
    setCaFile(file ? { name: file.name, pem: await file.text() } : null);
  };

  return (
    <section className="card wide connect-server" aria-labelledby="connect-title">
      <h1 id="connect-title">{t('network.connect.title')}</h1>
      <p>{t('network.connect.intro')}</p>
      <form onSubmit={check}>
        <TextField
          label={t('network.connect.url')}
          type="url"
          value={url}
          onChange={(value) => {
            setUrl(value);
            probe.reset();
          }}
          hint={t('network.connect.urlHint')}
          required
        />
        <ErrorMessage error={probe.error} />
        <div className="actions">
          {onCancel && (
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
          <button type="submit" disabled={probe.isPending}>
            {probe.isPending ? t('network.connect.checking') : t('network.connect.check')}
          </button>
        </div>
      </form>
      {met && (
        <section className="fingerprint-check" aria-labelledby="fingerprint-title">
          <h2 id="fingerprint-title">{t('network.connect.compareTitle')}</h2>
          <p>{t('network.connect.compare', { url: met.url })}</p>
          <p className="hint">{met.caSubject}</p>
          <p>
            {t('network.caFingerprint')}: <code className="fingerprint">{met.caFingerprint}</code>
          </p>
          <div className="field">
            <label htmlFor="ca-file">{t('network.connect.caFile')}</label>
            <input
              id="ca-file"
              type="file"
              accept=".pem,.crt,.cer"
              onChange={(e) => void readCaFile(e.target.files?.[0])}
            />
            <p className="hint">{t('network.connect.caFileHint')}</p>
          </div>
          <ErrorMessage error={connect.error} />
          <div className="actions">
            <button type="button" className="primary" disabled={connect.isPending} onClick={trust}>
              {caFile ? t('network.connect.useCaFile', { name: caFile.name }) : t('network.connect.trust')}
            </button>
          </div>
        </section>
      )}
    </section>
  );
}
