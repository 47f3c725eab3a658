// The certificate list: search, sortable columns, status badges, and renew or revoke for client certificates.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CertificateInfo, type RevocationReason, revocationReasons } from '../../../contract/index.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { FieldErrorScope } from '../../components/field-errors.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { TextField } from '../../components/TextField.tsx';
import { type Sort, type SortKey, searchAndSort, sortKeys } from './certificate-list.ts';
import { fileBase } from './IssueCertificate.tsx';
import { useRenewCertificate, useRevokeCertificate } from './use-certificates.ts';

type Action = { kind: 'renew' | 'revoke'; cert: CertificateInfo };

export function CertificateTable({ certificates }: { certificates: readonly CertificateInfo[] }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'issuedAt', ascending: false });
  const [action, setAction] = useState<Action | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const shown = searchAndSort(certificates, search, sort);
  const sortBy = (key: SortKey) =>
    setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : key !== 'issuedAt' }));
  return (
    <>
      <div className="certificate-search">
        <TextField
          label={t('certificates.search')}
          type="search"
          value={search}
          onChange={setSearch}
          hint={t('certificates.searchHint')}
        />
      </div>
      <p className="hint" role="status">
        {t('certificates.shown', { count: shown.length })}
      </p>
      <table className="table certificates-table">
        <thead>
          <tr>
            {sortKeys.map((key) => (
              <th
                key={key}
                scope="col"
                aria-sort={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="sort" onClick={() => sortBy(key)}>
                  {t(`certificates.column.${key}`)}
                  <span aria-hidden="true">{sort.key === key ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.serial} className={c.status === 'revoked' ? 'muted-row' : undefined}>
              <td>
                <code className="serial" title={c.fingerprintSha256}>
                  {c.serial}
                </code>
              </td>
              <td>
                <span className="certificate-name">{c.commonName}</span>
                {c.forUsername && <small className="hint"> · {c.forUsername}</small>}
                {c.kind === 'server' && (
                  <small className="hint">
                    {' '}
                    · {t(c.current ? 'certificates.inUse' : 'certificates.notServed')}
                  </small>
                )}
                {c.renewedTo && <small className="hint"> · {t('certificates.renewedAway')}</small>}
              </td>
              <td>{t(`certificates.kind.${c.kind}`)}</td>
              <td>{date.format(new Date(c.issuedAt))}</td>
              <td>{date.format(new Date(c.expiresAt))}</td>
              <td>
                <span className={`badge cert-${c.status}`}>{t(`certificates.status.${c.status}`)}</span>
                {c.revokeReason && (
                  <small className="hint"> · {t(`certificates.reason.${c.revokeReason}`)}</small>
                )}
              </td>
              <td className="row-actions">
                {c.kind === 'client' && c.status !== 'revoked' && (
                  <>
                    <button
                      type="button"
                      aria-label={t('certificates.renewOf', { name: c.commonName })}
                      onClick={() => setAction({ kind: 'renew', cert: c })}
                    >
                      {t('certificates.renew')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('certificates.revokeOf', { name: c.commonName })}
                      onClick={() => setAction({ kind: 'revoke', cert: c })}
                    >
                      {t('certificates.revoke')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {action?.kind === 'revoke' && <RevokeDialog cert={action.cert} onClose={() => setAction(null)} />}
      {action?.kind === 'renew' && <RenewDialog cert={action.cert} onClose={() => setAction(null)} />}
    </>
  );
}

function RevokeDialog({ cert, onClose }: { cert: CertificateInfo; onClose(): void }) {
  const { t } = useTranslation();
  const revoke = useRevokeCertificate();
  const [reason, setReason] = useState<RevocationReason>('unspecified');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    revoke.mutate({ serial: cert.serial, reason }, { onSuccess: onClose });
  };
  return (
    <Dialog title={t('certificates.revokeTitle', { name: cert.commonName })} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="warning">{t('certificates.revokeWarning')}</p>
        <div className="field">
          <label htmlFor="revoke-reason">{t('certificates.reasonLabel')}</label>
          <select
            id="revoke-reason"
            value={reason}
            onChange={(e) => setReason(revocationReasons.find((r) => r === e.target.value) ?? 'unspecified')}
          >
            {revocationReasons.map((r) => (
              <option key={r} value={r}>
                {t(`certificates.reason.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <SubmitActions
          submitLabel={t('certificates.revoke')}
          pending={revoke.isPending}
          error={revoke.error}
          onCancel={onClose}
          tone="danger"
        />
      </form>
    </Dialog>
  );
}

function RenewDialog({ cert, onClose }: { cert: CertificateInfo; onClose(): void }) {
  const { t } = useTranslation();
  const renew = useRenewCertificate();
  const [days, setDays] = useState('365');
  const [href, setHref] = useState<string | null>(null);
  const close = () => {
    if (href) URL.revokeObjectURL(href);
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    renew.mutate(
      { serial: cert.serial, validityDays: Number(days) },
      {
        onSuccess: (result) =>
          setHref(URL.createObjectURL(new Blob([result.certPem], { type: 'application/x-pem-file' }))),
      },
    );
  };
  return (
    <Dialog title={t('certificates.renewTitle', { name: cert.commonName })} onClose={close}>
      {renew.data && href ? (
        <>
          <p role="status" className="notice">
            {t('certificates.renewed', { serial: renew.data.certificate.serial })}
          </p>
          <div className="actions">
            <a className="button" href={href} download={`${fileBase(cert.commonName)}.crt.pem`}>
              {t('certificates.downloadCert')}
            </a>
            <button type="button" className="primary" onClick={close}>
              {t('common.done')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit}>
          <FieldErrorScope operation="renewCertificate" error={renew.error}>
            <p className="hint">{t('certificates.renewIntro')}</p>
            <TextField
              label={t('certificates.validityDays')}
              field="validityDays"
              type="number"
              inputMode="numeric"
              required
              value={days}
              onChange={setDays}
            />
            <SubmitActions
              submitLabel={t('certificates.renew')}
              pending={renew.isPending}
              error={renew.error}
              onCancel={close}
            />
          </FieldErrorScope>
        </form>
      )}
    </Dialog>
  );
}
