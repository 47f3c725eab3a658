// The server's rule for new passwords, checked where passwords are chosen: the server never sees them.
import type { PasswordPolicy } from '../server/contract/index.ts';

export type PasswordProblem = 'tooShort' | 'needsMixedCase' | 'needsDigit' | 'needsSymbol';

/** The rule a client applies when it cannot ask the server (first run, before there is one). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 10,
  requireMixedCase: false,
  requireDigit: false,
  requireSymbol: false,
};

/** The first thing a password lacks under the policy, or null. Length counts characters, not bytes. */
export function passwordProblem(policy: PasswordPolicy, password: string): PasswordProblem | null {
  if ([...password].length < policy.minLength) return 'tooShort';
  if (policy.requireMixedCase && !(/\p{Lu}/u.test(password) && /\p{Ll}/u.test(password)))
    return 'needsMixedCase';
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) return 'needsDigit';
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}\s]/u.test(password)) return 'needsSymbol';
  return null;
}
