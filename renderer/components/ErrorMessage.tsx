// A failure shown where it happened, announced to screen readers; one a field already shows is left to it.
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text.ts';
import { useShownByField } from './field-errors.tsx';

export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const { t } = useTranslation();
  const shownByField = useShownByField(error);
  if (!error || shownByField) return null;
  const { headline, detail } = errorText(t, error);
  return (
    <div className="error" role="alert" id={id}>
      <strong>{headline}</strong>
      {detail && <span className="error-detail">{detail}</span>}
    </div>
  );
}
