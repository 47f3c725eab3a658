// The CA to trust, the server certificate in use, the names it is issued for, renewing it and replacing it.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../../contract/index.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { TextField } from '../../components/TextField.tsx';
import {
  useCaCertificate,
  useRenewServerCertificate,
  useReplaceServerCertificate,
  useServerNames,
} from './use-certificates.ts';

const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function ServerCertificatePanel({ current }: { current: CertificateInfo | null }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  return (
    <section className="certificate-server" aria-labelledby="server-certificate-title">
      <h2 id="server-certificate-title">{t('certificates.serverTitle')}</h2>
      <CaDownload />
      {current && (
        <dl className="facts">
          <dt>{t('certificates.column.commonName')}</dt>
          <dd>{current.commonName}</dd>
          <dt>{t('certificates.names')}</dt>
          <dd>{[...current.dnsNames, ...current.ipAddresses].join(', ') || '—'}</dd>
          <dt>{t('certificates.column.expiresAt')}</dt>
          <dd>
            {date.format(new Date(current.expiresAt))}{' '}
            <span className={`badge cert-${current.status}`}>
              {t(`certificates.status.${current.status}`)}
            </span>
          </dd>
          <dt>{t('certificates.fingerprint')}</dt>
          <dd>
            <code className="fingerprint">{current.fingerprintSha256}</code>
          </dd>
        </dl>
      )}
      <RenewServer />
      <ReplaceServer />
    </section>
  );
}

function CaDownload() {
  const { t } = useTranslation();
  const ca = useCaCertificate();
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    if (!ca.data) return;
    const url = URL.createObjectURL(new Blob([ca.data.certPem], { type: 'application/x-pem-file' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [ca.data]);
  return (
    <div className="certificate-ca">
      <ErrorMessage error={ca.error} />
      {ca.data && (
        <p>
          {t('certificates.caFingerprint')} <code className="fingerprint">{ca.data.fingerprintSha256}</code>
        </p>
      )}
      {href && (
        <a className="button" href={href} download="keyhold-ca.pem">
          {t('certificates.downloadCa')}
        </a>
      )}
    </div>
  );
}

function RenewServer() {
  const { t } = useTranslation();
  const { names, error, save } = useServerNames();
  const renew = useRenewServerCertificate();
  const [dns, setDns] = useState('');
  const [ips, setIps] = useState('');
  const [days, setDays] = useState('825');
  useEffect(() => {
    if (!names) return;
    setDns(names.dnsNames.join(', '));
    setIps(names.ipAddresses.join(', '));
  }, [names]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The names are saved first: the renewal reads them from the settings, as the audit log will show.
    save.mutate(
      { dnsNames: splitList(dns), ipAddresses: splitList(ips) },
      { onSuccess: () => renew.mutate(Number(days)) },
    );
  };
  return (
    <form onSubmit={submit}>
      <fieldset disabled={!names}>
        <legend>{t('certificates.renewServerTitle')}</legend>
        <p className="hint">{t('certificates.renewServerIntro')}</p>
        <TextField
          label={t('certificates.dnsNames')}
          value={dns}
          onChange={setDns}
          hint={t('certificates.listHint')}
        />
        <TextField
          label={t('certificates.ipAddresses')}
          value={ips}
          onChange={setIps}
          hint={t('certificates.listHint')}
        />
        <TextField
          label={t('certificates.validityDays')}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          required
          value={days}
          onChange={setDays}
        />
        <ErrorMessage error={error ?? save.error ?? renew.error} />
        {renew.isSuccess && (
          <p role="status" className="notice">
            {t('certificates.serverRenewed', { serial: renew.data.certificate.serial })}
          </p>
        )}
        <button type="submit" disabled={save.isPending || renew.isPending}>
          {t('certificates.renewServer')}
        </button>
      </fieldset>
    </form>
  );
}

function ReplaceServer() {
  const { t } = useTranslation();
  const replace = useReplaceServerCertificate();
  const [certPem, setCertPem] = useState('');
  const [keyPem, setKeyPem] = useState('');
  const certId = useId();
  const keyId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    replace.mutate({ certPem, keyPem }, { onSuccess: () => setKeyPem('') });
  };
  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>{t('certificates.replaceTitle')}</legend>
        <p className="hint">{t('certificates.replaceIntro')}</p>
        <div className="field">
          <label htmlFor={certId}>{t('certificates.replaceCert')}</label>
          <textarea
            id={certId}
            rows={4}
            value={certPem}
            onChange={(e) => setCertPem(e.target.value)}
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={keyId}>{t('certificates.replaceKey')}</label>
          <textarea
            id={keyId}
            rows={4}
            value={keyPem}
            onChange={(e) => setKeyPem(e.target.value)}
            spellCheck={false}
          />
        </div>
        <ErrorMessage error={replace.error} />
        {replace.isSuccess && (
          <p role="status" className="notice">
            {t('certificates.replaced', { serial: replace.data.certificate.serial })}
          </p>
        )}
        <button type="submit" disabled={!certPem || !keyPem || replace.isPending}>
          {t('certificates.replace')}
        </button>
      </fieldset>
    </form>
  );
}
