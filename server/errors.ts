// The error an operation throws on purpose: a stable code, a readable message, and the field it concerns.
import type { ErrorCode, InputIssue } from '../contract/index.ts';

export class OpError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** What the audit log records when it differs from the code shown to the caller (e.g. not_owner). */
  readonly auditCode: string | undefined;
  /** Seconds until a rate-limited caller may try again (the HTTPS transport sends it as Retry-After). */
  readonly retryAfter: number | undefined;
  /** What is wrong with the input field, machine-readable (input validation only). */
  readonly issue: InputIssue | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; auditCode?: string; retryAfter?: number; issue?: InputIssue } = {},
  ) {
    super(message);
    this.name = 'OpError';
    this.code = code;
    this.field = options.field;
    this.auditCode = options.auditCode;
    this.retryAfter = options.retryAfter;
    this.issue = options.issue;
  }
}
