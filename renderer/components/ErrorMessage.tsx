// A failure shown where it happened, announced to screen readers.
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text.ts';

export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { headline, detail } = errorText(t, error);
  return (
    <div className="error" role="alert" id={id}>
      <strong>{headline}</strong>
      {detail && <span className="error-detail">{detail}</span>}
    </div>
  );
}
