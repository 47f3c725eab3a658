// The foot of a server-settings section: what is wrong before sending, what the server refused, that it
// saved (or what the caller says instead), and the Save button.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';

interface Props {
  problem?: string | null;
  save: { error: unknown; isSuccess: boolean; isPending: boolean };
  /** Shown instead of "Saved." (e.g. where the page moved to). */
  savedNote?: ReactNode;
}

export function SectionFooter({ problem = null, save, savedNote }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={save.error} />
      {save.isSuccess && !problem && (
        <p className="notice" role="status">
          {savedNote ?? t('serverSettings.saved')}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {t('serverSettings.save')}
        </button>
      </div>
    </>
  );
}
