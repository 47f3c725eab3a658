// Prometheus scraping (administrators): make, replace or revoke the token /metrics accepts without a
// session. The token is shown once, with the scrape configuration that uses it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences-context.tsx';
import { useSession, useVault } from '../../app/session-context.tsx';
import { useHoldWhileShown } from '../../app/shown-once.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

export function ScrapeTokenPanel() {
  const { t } = useTranslation();
  const vault = useVault();
  const { platform } = useSession();
  const { preferences } = usePreferences();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ['scrape-token'],
    queryFn: () => vault.client.request('getScrapeToken', {}),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['scrape-token'] });
  const create = useMutation({
    mutationFn: () => vault.client.request('createScrapeToken', {}),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: () => vault.client.request('revokeScrapeToken', {}),
    onSuccess: () => {
      create.reset();
      return refresh();
    },
  });
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
            onClick={() => revoke.mutate()}
            disabled={revoke.isPending}
          >
            {t('statistics.scrape.revoke')}
          </button>
        )}
      </div>
    </section>
  );
}
