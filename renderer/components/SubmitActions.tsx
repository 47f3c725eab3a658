// The foot of a dialog's form: what went wrong, the submit button (kept from a double submit) and Cancel.
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage.tsx';

interface Props {
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onCancel(): void;
  /** `danger` for what cannot be undone (revoking), `primary` otherwise. */
  tone?: 'primary' | 'danger';
}

export function SubmitActions({ submitLabel, pending, error, onCancel, tone = 'primary' }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className={tone} disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </>
  );
}
