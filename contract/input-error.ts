// How a refused input is described to its caller: the first issue, with the field it concerns and what
// is wrong with it in machine-readable form (so clients can word it in the person's language).
// Shared by the server's dispatcher and the desktop bridge so both word refusals alike.
import type { z } from 'zod';
import type { InputIssue } from './errors.ts';

export function describeInputError(error: z.ZodError): {
  message: string;
  field?: string;
  issue?: InputIssue;
} {
  const first = error.issues[0];
  if (!first) return { message: 'invalid input' };
  const field = first.path.map(String).join('.') || undefined;
  const issue = inputIssueOf(first);
  return field ? { message: `${field}: ${first.message}`, field, issue } : { message: first.message, issue };
}

function inputIssueOf(issue: z.core.$ZodIssue): InputIssue {
  switch (issue.code) {
    case 'too_big':
      return { kind: issue.code, origin: issue.origin, maximum: Number(issue.maximum) };
    case 'too_small':
      return { kind: issue.code, origin: issue.origin, minimum: Number(issue.minimum) };
    case 'invalid_format':
      return { kind: issue.code, format: issue.format };
    default:
      return { kind: issue.code };
  }
}
