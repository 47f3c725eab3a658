// A changed key is a warning with a fingerprint to compare, not a plain failure.
import type { TFunction } from 'i18next';
import { KeyChangedError, NotAContactError } from '../../client/index.ts';

export function shareProblem(t: TFunction, error: unknown): string | null {
  if (error instanceof KeyChangedError)
    return t('contacts.keyChangedBlock', { fingerprint: error.fingerprint });
  if (error instanceof NotAContactError) return t('contacts.notAContact');
  return null;
}
