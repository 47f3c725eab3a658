// How a refused input is described to its caller: the first issue, with the field it concerns.
// Shared by the server's dispatcher and the desktop bridge so both word refusals alike.
import type { z } from 'zod';

export function describeInputError(error: z.ZodError): { message: string; field?: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  if (!issue) return { message: 'invalid input' };
  return field ? { message: `${field}: ${issue.message}`, field } : { message: issue.message };
}
