// Refusals in the contract's shape, for what the main process answers itself.
import type { z } from 'zod';
import type { Result } from '../../contract/index.ts';
import { describeInputError } from '../../contract/input-error.ts';

/** A refused call: worded as the server words it; a call that is wrong as a whole names `input`. */
export function invalidInput(error: z.ZodError): Result<never> {
  const { message, field } = describeInputError(error);
  return field
    ? { ok: false, error: { code: 'bad_request', message, field } }
    : { ok: false, error: { code: 'bad_request', message: `input: ${message}`, field: 'input' } };
}

export const forbidden = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'forbidden', message },
});
