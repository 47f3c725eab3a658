// The admin console's first page, for administrators and moderators: what needs attention, and a few facts.
import { useTranslation } from 'react-i18next';
import { useVault } from '../app/session-context.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAdminOverview } from './certificates/use-certificates.ts';

export function AdminHome({ navigate }: { navigate?: (sectionId: string) => void }) {
  const { t, i18n } = useTranslation();
  const vault = useVault();
  const overview = useAdminOverview();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const data = overview.data;
  const daysLeft = (iso: string) => Math.ceil((new Date(iso).getTime() - Date.now()) / 86_400_000);
  return (
    <section className="page admin-home" aria-labelledby="overview-title">
      <header className="page-header">
        <h1 id="overview-title">{t('overview.title')}</h1>
      </header>
      <ErrorMessage error={overview.error} />
      {data && data.attention.length > 0 && (
        <section className="attention" aria-label={t('overview.attentionTitle')}>
          <h2>{t('overview.attentionTitle')}</h2>
          <ul>
            {data.attention.map((a) => (
              <li key={a.serial} className={`cert-${a.status}`}>
                <span className={`badge cert-${a.status}`}>{t(`certificates.status.${a.status}`)}</span>{' '}
                <strong>{a.commonName}</strong> ({t(`certificates.kind.${a.kind}`)}){' '}
                {a.status === 'expired'
                  ? t('overview.expiredOn', { date: date.format(new Date(a.expiresAt)) })
                  : t('overview.expiresIn', { count: daysLeft(a.expiresAt) })}
              </li>
            ))}
          </ul>
          {vault.user.role === 'admin' && navigate ? (
            <button type="button" className="primary" onClick={() => navigate('certificates')}>
              {t('overview.openCertificates')}
            </button>
          ) : (
            <p className="hint">{t('overview.askAdmin')}</p>
          )}
        </section>
      )}
      {data && data.attention.length === 0 && (
        <p className="notice" role="status">
          {t('overview.allValid')}
        </p>
      )}
      {data && (
        <dl className="facts overview-facts">
          <dt>{t('overview.seal')}</dt>
          <dd>{t('overview.unsealed', { term: data.keyringTerm })}</dd>
          <dt>{t('overview.users')}</dt>
          <dd>
            {t('overview.usersActive', { count: data.users.active })}
            {data.users.disabled > 0 && <> · {t('overview.usersDisabled', { count: data.users.disabled })}</>}
            {data.users.locked > 0 && <> · {t('overview.usersLocked', { count: data.users.locked })}</>}
          </dd>
          <dt>{t('overview.sessions')}</dt>
          <dd>{data.sessionsOpen}</dd>
          <dt>{t('overview.certificates')}</dt>
          <dd>
            {t('overview.certificateCounts', {
              valid: data.certificates.valid,
              expiring: data.certificates.expiring,
              expired: data.certificates.expired,
              revoked: data.certificates.revoked,
            })}
          </dd>
          {data.serverCertificateExpiresAt && (
            <>
              <dt>{t('overview.serverCertificate')}</dt>
              <dd>
                {t('overview.validUntil', { date: date.format(new Date(data.serverCertificateExpiresAt)) })}
              </dd>
            </>
          )}
          <dt>{t('overview.caFingerprint')}</dt>
          <dd>
            <code className="fingerprint">{data.caFingerprintSha256}</code>
          </dd>
        </dl>
      )}
    </section>
  );
}
