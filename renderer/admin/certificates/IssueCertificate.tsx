// Issuing a client certificate: the form, then its certificate, key and PKCS#12 offered for download once.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../contract/index.ts';
import { keepOpen, useHoldWhileShown } from '../../app/shown-once.ts';
import { boundsAt, minLengthAt } from '../../components/contract-limits.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormProblem } from '../../components/FormProblem.tsx';
import { FieldErrorScope } from '../../components/field-errors.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useIssueCertificate, useUserChoices } from './use-certificates.ts';

type Issued = OutputOf<'issueClientCertificate'>;

// The contract's own limits (the field scope also gives each input its length limit and bounds).
const DAYS = boundsAt('issueClientCertificate', 'validityDays');
const MIN_PKCS12_PASSWORD = minLengthAt('issueClientCertificate', 'pkcs12Password') ?? 0;

export function IssueCertificateForm() {
  const { t } = useTranslation();
  const issue = useIssueCertificate();
  const [commonName, setCommonName] = useState('');
  const [days, setDays] = useState('365');
  const [password, setPassword] = useState('');
  const [forUserId, setForUserId] = useState('');
  const users = useUserChoices();
  const userSelect = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const validityDays = Number(days);
    const found = !commonName.trim()
      ? t('certificates.needName')
      : !Number.isInteger(validityDays) || validityDays < DAYS.min || validityDays > DAYS.max
        ? t('certificates.daysRange', DAYS)
        : password && password.length < MIN_PKCS12_PASSWORD
          ? t('certificates.passwordShort', { count: MIN_PKCS12_PASSWORD })
          : null;
    setProblem(found);
    if (found) return;
    issue.mutate(
      {
        commonName: commonName.trim(),
        validityDays,
        ...(password && { pkcs12Password: password }),
        ...(forUserId && { forUserId }),
      },
      {
        onSuccess: (result) => {
          setIssued(result);
          setCommonName('');
          setPassword('');
          setForUserId('');
        },
      },
    );
  };
  return (
    <>
      <form onSubmit={submit}>
        <FieldErrorScope operation="issueClientCertificate" error={issue.error}>
          <fieldset>
            <legend>{t('certificates.issueTitle')}</legend>
            <p className="hint">{t('certificates.issueIntro')}</p>
            <div className="certificate-fields">
              <TextField
                label={t('certificates.commonName')}
                field="commonName"
                value={commonName}
                onChange={setCommonName}
                hint={t('certificates.commonNameHint')}
              />
              <TextField
                label={t('certificates.validityDays')}
                field="validityDays"
                type="number"
                inputMode="numeric"
                value={days}
                onChange={setDays}
              />
              <TextField
                label={t('certificates.pkcs12Password')}
                field="pkcs12Password"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={setPassword}
                hint={t('certificates.pkcs12Hint', { count: MIN_PKCS12_PASSWORD })}
              />
              <div className="field">
                <label htmlFor={userSelect}>{t('certificates.forUser')}</label>
                <select id={userSelect} value={forUserId} onChange={(e) => setForUserId(e.target.value)}>
                  <option value="">{t('certificates.forNobody')}</option>
                  {(users.data?.users ?? []).map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.displayName} ({u.username})
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <FormProblem text={problem} />
            <ErrorMessage error={issue.error} />
            <button type="submit" className="primary" disabled={issue.isPending}>
              {issue.isPending ? t('certificates.issuing') : t('certificates.issue')}
            </button>
          </fieldset>
        </FieldErrorScope>
      </form>
      {issued && <IssuedDialog issued={issued} onClose={() => setIssued(null)} />}
    </>
  );
}

/** Object URLs for the downloads, released when the dialog closes: the key must not linger in memory. */
function useDownloads(issued: Issued) {
  const [links] = useState(() => {
    const pkcs12 = issued.pkcs12Base64
      ? Uint8Array.from(atob(issued.pkcs12Base64), (c) => c.charCodeAt(0))
      : null;
    return {
      cert: URL.createObjectURL(new Blob([issued.certPem], { type: 'application/x-pem-file' })),
      key: URL.createObjectURL(new Blob([issued.keyPem], { type: 'application/x-pem-file' })),
      pkcs12: pkcs12 ? URL.createObjectURL(new Blob([pkcs12], { type: 'application/x-pkcs12' })) : null,
    };
  });
  useEffect(
    () => () => {
      for (const url of Object.values(links)) if (url) URL.revokeObjectURL(url);
    },
    [links],
  );
  return links;
}

function IssuedDialog({ issued, onClose }: { issued: Issued; onClose(): void }) {
  const { t } = useTranslation();
  const links = useDownloads(issued);
  const base = fileBase(issued.certificate.commonName);
  useHoldWhileShown(true);
  return (
    <Dialog title={t('certificates.issuedTitle', { name: issued.certificate.commonName })} onClose={keepOpen}>
      <p className="warning" role="note">
        {t('certificates.issuedWarning')}
      </p>
      <p>
        {t('certificates.serial')}: <code className="serial">{issued.certificate.serial}</code>
      </p>
      <div className="actions">
        <a className="button" href={links.cert} download={`${base}.crt.pem`}>
          {t('certificates.downloadCert')}
        </a>
        <a className="button" href={links.key} download={`${base}.key.pem`}>
          {t('certificates.downloadKey')}
        </a>
        {links.pkcs12 && (
          <a className="button" href={links.pkcs12} download={`${base}.p12`}>
            {t('certificates.downloadPkcs12')}
          </a>
        )}
        <button type="button" className="primary" onClick={onClose}>
          {t('common.done')}
        </button>
      </div>
    </Dialog>
  );
}

/** A file name from a common name: letters, digits, dot, dash and underscore only. */
export function fileBase(commonName: string): string {
  return (
    commonName
      .replace(/[^\w.-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 60) || 'certificate'
  );
}
