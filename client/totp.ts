// One-time codes (TOTP, RFC 6238) from an item's "totp" field: an otpauth:// URI as authenticator apps and
// the importers write it, or a bare base32 secret (SHA-1, 6 digits, 30 s, as every app assumes then).
// The code is computed where the item is open (window or CLI); the server never sees the secret.
import { Secret, TOTP, URI } from 'otpauth';

/** The field name the importers and the item form use for the one-time code's setup. */
export const TOTP_FIELD = 'totp';

export interface TotpSetup {
  readonly algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  readonly digits: number;
  readonly period: number;
  /** Who the code is for (the URI's label), when the URI names it. */
  readonly label: string;
  readonly issuer: string;
}

export interface TotpCode {
  readonly code: string;
  /** Whole seconds until the code changes (1 … period). */
  readonly secondsLeft: number;
  readonly period: number;
}

/** Why a totp field cannot give codes, as a key the window and the CLI word in their own language. */
export type TotpProblem =
  | 'not_base32'
  | 'bad_uri'
  | 'not_totp'
  | 'bad_algorithm'
  | 'bad_digits'
  | 'bad_period';

export class TotpSetupError extends Error {
  constructor(readonly problem: TotpProblem) {
    super(totpProblemText[problem]);
    this.name = 'TotpSetupError';
  }
}

/** English wording for the CLI and logs-free errors; the window has its own translations of the same keys. */
export const totpProblemText: Record<TotpProblem, string> = {
  not_base32: 'the one-time code secret is not base32 (letters A–Z and digits 2–7)',
  bad_uri: 'the one-time code setup is not a valid otpauth:// address',
  not_totp: 'only time-based codes (otpauth://totp/…) are supported, not counter-based ones (hotp)',
  bad_algorithm: 'the one-time code algorithm must be SHA1, SHA256 or SHA512',
  bad_digits: 'a one-time code has 6, 7 or 8 digits',
  bad_period: 'a one-time code period is between 1 and 300 seconds',
};

const algorithms = new Set(['SHA1', 'SHA256', 'SHA512']);
const BASE32 = /^[A-Z2-7]+=*$/;

/** A parsed setup that can make codes; the secret stays inside this object. */
export class TotpGenerator {
  readonly setup: TotpSetup;
  readonly #totp: TOTP;

  constructor(totp: TOTP) {
    this.#totp = totp;
    this.setup = {
      algorithm: totp.algorithm as TotpSetup['algorithm'],
      digits: totp.digits,
      period: totp.period,
      label: totp.label === 'OTPAuth' ? '' : totp.label,
      issuer: totp.issuer,
    };
  }

  /** The code valid at `now`, and how long it stays valid. */
  codeAt(now: number = Date.now()): TotpCode {
    const period = this.setup.period;
    const elapsed = Math.floor(now / 1000) % period;
    return { code: this.#totp.generate({ timestamp: now }), secondsLeft: period - elapsed, period };
  }
}

/** Reads a totp field's text; throws TotpSetupError naming what is wrong. */
export function parseTotp(text: string): TotpGenerator {
  const trimmed = text.trim();
  if (/^otpauth:/i.test(trimmed)) return new TotpGenerator(fromUri(trimmed));
  // Authenticator sites print secrets in groups of four, sometimes in lower case.
  const secret = trimmed.replace(/[\s-]/g, '').toUpperCase();
  if (secret.length < 8 || !BASE32.test(secret)) throw new TotpSetupError('not_base32');
  return new TotpGenerator(
    new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }),
  );
}

function fromUri(uri: string): TOTP {
  let parsed: ReturnType<typeof URI.parse>;
  try {
    parsed = URI.parse(uri);
  } catch {
    throw new TotpSetupError(problemOfUri(uri));
  }
  if (!(parsed instanceof TOTP)) throw new TotpSetupError('not_totp');
  if (!algorithms.has(parsed.algorithm)) throw new TotpSetupError('bad_algorithm');
  if (parsed.digits < 6 || parsed.digits > 8) throw new TotpSetupError('bad_digits');
  if (parsed.period < 1 || parsed.period > 300) throw new TotpSetupError('bad_period');
  return parsed;
}

/** otpauth's own messages are English prose; map what a person can mend to one of ours. */
function problemOfUri(uri: string): TotpProblem {
  if (/^otpauth:\/\/hotp\//i.test(uri)) return 'not_totp';
  let params: URLSearchParams;
  try {
    params = new URL(uri.replace(/^otpauth:/i, 'http:')).searchParams;
  } catch {
    return 'bad_uri';
  }
  const algorithm = params.get('algorithm');
  if (algorithm && !algorithms.has(algorithm.toUpperCase().replace('-', ''))) return 'bad_algorithm';
  const digits = params.get('digits');
  if (digits !== null && !/^[678]$/.test(digits)) return 'bad_digits';
  const period = params.get('period');
  if (period !== null && !(Number(period) >= 1 && Number(period) <= 300)) return 'bad_period';
  const secret = params.get('secret');
  if (secret !== null && !BASE32.test(secret.replace(/\s/g, '').toUpperCase())) return 'not_base32';
  return 'bad_uri';
}

/** The totp field of an opened item (importers and the form write it under this name), or null. */
export function totpFieldOf(fields: readonly { name: string; value: string }[]): string | null {
  const field = fields.find((f) => f.name.toLowerCase() === TOTP_FIELD || f.name.toLowerCase() === 'otp');
  return field?.value.trim() ? field.value : null;
}
