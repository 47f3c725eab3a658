// Turns any failure into words for the person at the screen, in their language: a refused input names
// its field and says what is wrong with it; a wrong passphrase, key share or code says which it was.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { KeyholdError } from '../../client/index.ts';
import type { OperationName } from '../../contract/index.ts';
import { describeInputError } from '../../contract/input-error.ts';
import { en } from '../i18n/en.ts';
import { checkInput } from './contract-limits.ts';

export interface ErrorWords {
  headline: string;
  /** The server's own wording when the translation cannot carry it (English; may be null). */
  detail: string | null;
}

/** Secrets whose refusal (`invalid_credentials` with this field) has its own sentence. */
const WRONG_SECRETS = new Set(Object.keys(en.wrongSecret));
const FORMAT_HINTS = new Set(Object.keys(en.formatHint));

export function errorText(t: TFunction, error: unknown): ErrorWords {
  if (error instanceof KeyholdError) {
    const sentence = fieldSentence(t, error);
    if (sentence) return { headline: sentence, detail: null };
    const headline = t(`errors.${error.code}`, { defaultValue: t('errors.internal') });
    return { headline, detail: error.message === headline ? null : error.message };
  }
  if (error instanceof Error) return { headline: t('errors.unexpected'), detail: error.message };
  return { headline: t('errors.unexpected'), detail: null };
}

/** The field's name as a person reads it: by its last named path segment (`admin.username` → User name). */
export function fieldLabel(t: TFunction, path: string): string {
  const leaf = leafOf(path);
  return t(`field.${leaf}`, { defaultValue: leaf });
}

/** The sentence for an error about one field, or null when the error is not about a field. */
export function fieldSentence(t: TFunction, error: KeyholdError): string | null {
  if (!error.field) return null;
  const leaf = leafOf(error.field);
  if (error.code === 'invalid_credentials' && WRONG_SECRETS.has(leaf)) return t(`wrongSecret.${leaf}`);
  if (error.code !== 'bad_request') return null;
  const field = fieldLabel(t, error.field);
  const issue = error.issue;
  const measured = issue?.origin ?? '';
  const counted = measured === 'array' || measured === 'set';
  switch (issue?.kind) {
    case 'too_big':
      if (measured === 'string') return t('inputError.tooLong', { field, count: issue.maximum });
      if (counted) return t('inputError.tooMany', { field, count: issue.maximum });
      return t('inputError.tooBig', { field, limit: issue.maximum });
    case 'too_small':
      if ((measured === 'string' || counted) && (issue.minimum ?? 0) <= 1)
        return t('inputError.empty', { field });
      if (measured === 'string') return t('inputError.tooShort', { field, count: issue.minimum });
      if (counted) return t('inputError.tooFew', { field, count: issue.minimum });
      return t('inputError.tooSmall', { field, limit: issue.minimum });
    case 'invalid_format':
      return FORMAT_HINTS.has(leaf) ? t(`formatHint.${leaf}`) : t('inputError.format', { field });
    default:
      // A field checked by a rule of its own (a refinement) has its own hint where the rule is not obvious.
      return FORMAT_HINTS.has(leaf) ? t(`formatHint.${leaf}`) : t('inputError.invalid', { field });
  }
}

function leafOf(path: string): string {
  const named = path.split('.').filter((segment) => !/^\d+$/.test(segment));
  return named[named.length - 1] ?? path;
}

/**
 * A problem found before sending, by the contract's own schema for `field`, worded exactly as the
 * server's refusal of it would be.
 */
export function inputProblem(t: TFunction, field: string, error: z.ZodError): string {
  const { issue } = describeInputError(error);
  const refusal = new KeyholdError({ code: 'bad_request', message: '', field, ...(issue && { issue }) });
  return fieldSentence(t, refusal) ?? t('inputError.invalid', { field: fieldLabel(t, field) });
}

/**
 * What the contract's schema for one input says of a value, worded as the server's refusal of it would
 * be; null when the value passes. Forms check with this instead of restating the contract's limits.
 */
export function contractProblem(
  t: TFunction,
  operation: OperationName,
  path: string,
  value: unknown,
): string | null {
  const error = checkInput(operation, path, value);
  return error && inputProblem(t, path, error);
}
