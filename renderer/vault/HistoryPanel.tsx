// Version history: look at an older value (decrypted on demand) and restore it as the newest version.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenedSecret } from '../../client/index.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useRestoreVersion, useSecretAtVersion, useSecretVersions } from './use-secrets.ts';

export function HistoryPanel({ secret, canRestore }: { secret: OpenedSecret; canRestore: boolean }) {
  const { t, i18n } = useTranslation();
  const [viewing, setViewing] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const versions = useSecretVersions(secret.id);
  const old = useSecretAtVersion(secret.id, viewing);
  const restore = useRestoreVersion(secret, () => {
    setViewing(null);
    setRestoring(null);
  });
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  const list = [...(versions.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <section className="history" aria-label={t('item.history')}>
      <h3>{t('item.history')}</h3>
      <ErrorMessage error={versions.error ?? old.error} />
      <ol>
        {list.map((v) => {
          const current = v.version === secret.valueVersion;
          return (
            <li key={v.version}>
              <span>
                {t('item.versionLine', { version: v.version, date: format.format(new Date(v.createdAt)) })}
                {current && ` · ${t('item.current')}`}
                {v.destroyed && ` · ${t('item.destroyed')}`}
              </span>
              {!v.destroyed && !current && (
                <>
                  <button
                    type="button"
                    aria-label={t('item.viewVersion', { version: v.version })}
                    onClick={() => setViewing(viewing === v.version ? null : v.version)}
                  >
                    {t('item.view')}
                  </button>
                  {canRestore && (
                    <button
                      type="button"
                      aria-label={t('item.restoreVersion', { version: v.version })}
                      disabled={restore.isPending}
                      onClick={() => setRestoring(v.version)}
                    >
                      {t('item.restore')}
                    </button>
                  )}
                </>
              )}
              {viewing === v.version && old.data && (
                <output
                  className="value multiline"
                  aria-label={t('item.versionValue', { version: v.version })}
                >
                  {old.data.payload.value}
                </output>
              )}
            </li>
          );
        })}
      </ol>
      {restoring !== null && (
        <ConfirmDialog
          title={t('confirm.restoreTitle', { version: restoring })}
          confirmLabel={t('confirm.restore')}
          tone="primary"
          pending={restore.isPending}
          error={restore.error}
          onConfirm={() => restore.mutate(restoring)}
          onCancel={() => {
            setRestoring(null);
            restore.reset();
          }}
        >
          <p>{t('confirm.restoreBody', { version: restoring, name: secret.name })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
