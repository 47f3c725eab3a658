// Certificates (administrators): issue client certificates, the list with search and sort, the server certificate.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { CertificateTable } from './CertificateTable.tsx';
import { IssueCertificateForm } from './IssueCertificate.tsx';
import { ServerCertificatePanel } from './ServerCertificatePanel.tsx';
import { useCertificates } from './use-certificates.ts';

export function CertificatesScreen() {
  const { t } = useTranslation();
  const list = useCertificates();
  const certificates = list.data?.certificates ?? [];
  const currentServer = certificates.find((c) => c.kind === 'server' && c.current) ?? null;
  return (
    <section className="page certificates" aria-labelledby="certificates-title">
      <header className="page-header">
        <h1 id="certificates-title">{t('certificates.title')}</h1>
      </header>
      <p className="hint">{t('certificates.intro')}</p>
      <IssueCertificateForm />
      <h2>{t('certificates.listTitle')}</h2>
      <ErrorMessage error={list.error} />
      {list.data && <CertificateTable certificates={certificates} />}
      <ServerCertificatePanel current={currentServer} />
    </section>
  );
}
