// The current one-time code of an opened secret, for `keyhold totp` and keyhold://…#totp references.
import { parseTotp, type TotpCode, TotpSetupError, totpFieldOf } from '../client/totp.ts';
import { CliError } from './errors.ts';

/** The code of the secret's totp field now; a missing or unusable setup is named, never printed. */
export function oneTimeCode(display: string, fields: readonly { name: string; value: string }[]): TotpCode {
  const setup = totpFieldOf(fields);
  if (!setup) throw new CliError(`${display} has no one-time code (no totp field)`);
  try {
    return parseTotp(setup).codeAt();
  } catch (error) {
    if (error instanceof TotpSetupError) throw new CliError(`${display}: ${error.message}`);
    throw error;
  }
}
