// The enrollment code of a new or reset user, shown once: the window holds it until the administrator is done.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences-context.tsx';
import { useSession } from '../../app/session-context.tsx';
import { keepOpen, useHoldWhileShown } from '../../app/shown-once.ts';
import { Dialog } from '../../components/Dialog.tsx';
import type { Enrollment } from './use-users.ts';

export function EnrollmentDialog({ enrollment, onClose }: { enrollment: Enrollment; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { platform } = useSession();
  const { preferences } = usePreferences();
  const [copied, setCopied] = useState(false);
  useHoldWhileShown(true);
  return (
    <Dialog title={t('users.enrollmentTitle', { name: enrollment.username })} onClose={keepOpen}>
      <p>{t('users.enrollmentIntro')}</p>
      <output className="generated" aria-label={t('users.enrollmentCode')}>
        {enrollment.enrollmentCode}
      </output>
      <p className="hint">
        {t('users.enrollmentExpires', {
          date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
            new Date(enrollment.expiresAt),
          ),
        })}
      </p>
      {copied && (
        <p role="status" className="notice">
          {t('users.codeCopied')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            void platform
              .copy(enrollment.enrollmentCode, preferences.clipboardSeconds)
              .then(() => setCopied(true))
          }
        >
          {t('item.copy')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('common.done')}
        </button>
      </div>
    </Dialog>
  );
}
