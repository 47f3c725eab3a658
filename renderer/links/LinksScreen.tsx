// The Links section: make a one-time link for a text, and see and revoke one's own links that still open.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareLinkSummary } from '../../contract/ops-links.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ShareLinkForm } from './ShareLinkForm.tsx';
import { useRevokeShareLink, useShareLinks } from './use-share-links.ts';
import './links.css';

export function LinksScreen({ initialText = '' }: { initialText?: string }) {
  const { t } = useTranslation();
  return (
    <section className="page links" aria-labelledby="links-title">
      <h1 id="links-title">{t('links.title')}</h1>
      <p className="hint">{t('links.intro')}</p>
      <div className="links-columns">
        <div className="links-make">
          <h2>{t('links.make')}</h2>
          <ShareLinkForm initialText={initialText} />
        </div>
        <YourLinks />
      </div>
    </section>
  );
}

function YourLinks() {
  const { t, i18n } = useTranslation();
  const links = useShareLinks();
  const [revoking, setRevoking] = useState<ShareLinkSummary | null>(null);
  const revoke = useRevokeShareLink();
  const when = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="links-list">
      <h2>{t('links.yours')}</h2>
      <ErrorMessage error={links.error} />
      {links.data?.length === 0 && <p className="hint">{t('links.none')}</p>}
      <ul aria-label={t('links.yours')}>
        {links.data?.map((link) => (
          <li key={link.id}>
            <code>{link.id}</code>
            <span>{t('links.viewsOf', { views: link.views, max: link.maxViews })}</span>
            <span>{t('links.expiresAt', { when: when(link.expiresAt) })}</span>
            {link.password && <span className="badge">{t('links.withPassword')}</span>}
            <button type="button" className="danger" onClick={() => setRevoking(link)}>
              {t('links.revoke')}
            </button>
          </li>
        ))}
      </ul>
      {revoking && (
        <ConfirmDialog
          title={t('links.revokeTitle')}
          confirmLabel={t('links.revoke')}
          pending={revoke.isPending}
          error={revoke.error}
          onCancel={() => {
            revoke.reset();
            setRevoking(null);
          }}
          onConfirm={() => revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        >
          <p>
            <code>{revoking.id}</code>
          </p>
          <p>{t('links.revokeBody')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
