// Refusals in the contract's shape, for what the main process answers itself.
import type { z } from 'zod';
import type { Result } from '../../server/contract/index.ts';

export function invalidInput(error: z.ZodError): Result<never> {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'input';
  return {
    ok: false,
    error: { code: 'bad_request', message: `${field}: ${issue?.message ?? 'invalid'}`, field },
  };
}

export const forbidden = (message: string): Result<never> => ({
  ok: false,
  error: { code: 'forbidden', message },
});
