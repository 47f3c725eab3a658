// Turns any failure into words for the person at the screen: the code translated, the server's detail kept.
import type { TFunction } from 'i18next';
import { KeyholdError } from '../../client/index.ts';

export function errorText(t: TFunction, error: unknown): { headline: string; detail: string | null } {
  if (error instanceof KeyholdError) {
    const headline = t(`errors.${error.code}`, { defaultValue: t('errors.internal') });
    const detail = error.field ? `${error.field}: ${error.message}` : error.message;
    return { headline, detail: detail === headline ? null : detail };
  }
  if (error instanceof Error) return { headline: t('errors.unexpected'), detail: error.message };
  return { headline: t('errors.unexpected'), detail: null };
}
