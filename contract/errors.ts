// Error codes that cross the contract boundary: stable strings a test can assert, mapped to HTTP statuses.

export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  session_expired: 401,
  forbidden: 403,
  certificate_refused: 403,
  account_disabled: 403,
  outside_login_hours: 403,
  not_found: 404,
  unknown_operation: 404,
  conflict: 409,
  replayed_operation: 409,
  already_initialized: 409,
  not_initialized: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  integrity_error: 500,
  /**
   * Raised by a client, never sent by a server: the server offered key-derivation parameters below the
   * floor (kdf-floor.ts), so the client derived and sent nothing.
   */
  kdf_too_weak: 502,
  internal: 500,
  sealed: 503,
  /** The database could not be reached or did not answer in time (a PostgreSQL store): nothing was done. */
  storage_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * What exactly is wrong with a refused input field, for clients that word the refusal themselves (in the
 * person's language, next to the field) instead of showing `message`. Added after `field`; older clients
 * ignore it.
 */
export interface InputIssue {
  /** zod's issue code: `too_big`, `too_small`, `invalid_format`, `invalid_type`, `invalid_value`, … */
  kind: string;
  /** What was measured by `too_big`/`too_small`: `string` (characters), `number`, `array` (items), … */
  origin?: string;
  minimum?: number;
  maximum?: number;
  /** With `invalid_format`: the form expected (`uuid`, `regex`, `datetime`, …). */
  format?: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** The input field the error is about, as a dotted path, when there is one. */
  field?: string;
  /** With `bad_request` from input validation: the machine-readable kind and limits of the problem. */
  issue?: InputIssue;
  /** With `rate_limited` and `storage_unavailable`: seconds to wait before trying again. */
  retryAfter?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorStatus, value);
}
