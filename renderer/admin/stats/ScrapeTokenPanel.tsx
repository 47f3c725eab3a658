// Prometheus scraping (administrators): make, replace or revoke the token /metrics accepts without a
// session. The token is shown once, with the scrape configuration that uses it.
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences-context.tsx';
import { useSession } from '../../app/session-context.tsx';
import { useHoldWhileShown } from '../../app/shown-once.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useCreateScrapeToken, useRevokeScrapeToken, useScrapeToken } from './use-statistics.ts';

export function ScrapeTokenPanel() {
  const { t } = useTranslation();
  const { platform } = useSession();
  const { preferences } = usePreferences();
  const status = useScrapeToken();
  const create = useCreateScrapeToken();
  const revoke = useRevokeScrapeToken();
  const exists = status.data?.exists ?? false;
  const shown = create.data?.token ?? null;
  useHoldWhileShown(shown !== null);
  const target = window.location.host || '127.0.0.1:7777';
  return (
    <section className="scrape-token" aria-labelledby="scrape-token-title">
      <h2 id="scrape-token-title">{t('statistics.scrape.title')}</h2>
      <p className="hint">{t('statistics.scrape.intro')}</p>
      <ErrorMessage error={status.error ?? create.error ?? revoke.error} />
      {status.data && (
        <p role="status">
          {exists
            ? t('statistics.scrape.exists', { date: new Date(status.data.createdAt ?? '').toLocaleString() })
            : t('statistics.scrape.none')}
        </p>
      )}
      {shown && (
        <div className="scrape-shown">
          <p className="warning">{t('statistics.scrape.once')}</p>
          <label>
            {t('statistics.scrape.token')}
            <input readOnly value={shown} onFocus={(e) => e.target.select()} />
          </label>
          <button type="button" onClick={() => void platform.copy(shown, preferences.clipboardSeconds)}>
            {t('statistics.scrape.copy')}
          </button>
          <figure>
            <figcaption>{t('statistics.scrape.config')}</figcaption>
            <pre>
              {`scrape_configs:\n  - job_name: keyhold\n    scheme: https\n    tls_config: { ca_file: ca.pem }\n    authorization: { credentials_file: keyhold-scrape-token }\n    static_configs: [{ targets: ['${target}'] }]`}
            </pre>
          </figure>
          <button type="button" className="primary" onClick={() => create.reset()}>
            {t('statistics.scrape.saved')}
          </button>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => create.mutate()} disabled={create.isPending}>
          {exists ? t('statistics.scrape.replace') : t('statistics.scrape.create')}
        </button>
        {exists && (
          <button
            type="button"
            className="danger"
            onClick={() => revoke.mutate(undefined, { onSuccess: () => create.reset() })}
            disabled={revoke.isPending}
          >
            {t('statistics.scrape.revoke')}
          </button>
        )}
      </div>
    </section>
  );
}
