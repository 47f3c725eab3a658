// A new password or passphrase chosen at the command line (init, enroll): asked twice without echo, and
// checked against the server's password rule with the words the window uses.
import { type PasswordProblem, passwordProblem } from '../client/password-policy.ts';
import type { PasswordPolicy } from '../contract/common.ts';
import { CliError } from './errors.ts';
import { askSecret, stdinIsTerminal } from './terminal-input.ts';

/** A new secret: asked twice at a terminal, one line of stdin from a script. */
export async function askNew(what: string): Promise<string> {
  const first = await askSecret(`${what}: `);
  if (stdinIsTerminal()) {
    const second = await askSecret(`${what} again: `);
    if (first !== second) throw new CliError(`the two ${what.toLowerCase()}s differ; nothing was done`);
  }
  return first;
}

function problemWords(problem: PasswordProblem, policy: PasswordPolicy): string {
  switch (problem) {
    case 'tooShort':
      return `must be at least ${policy.minLength} characters`;
    case 'needsMixedCase':
      return 'needs both capital and small letters';
    case 'needsDigit':
      return 'needs at least one digit';
    case 'needsSymbol':
      return 'needs at least one symbol, such as ! or #';
    case 'tooWeak':
      return 'is too easy to guess; add a few uncommon words or make it longer';
  }
}

/**
 * Refuses a password the policy does not allow (zxcvbn's strength as the window measures it); `userInputs`
 * (the user name, the display name) count against it.
 */
export async function checkNewPassword(
  policy: PasswordPolicy,
  password: string,
  userInputs: string[],
): Promise<void> {
  const problem = await passwordProblem(policy, password, userInputs);
  if (problem !== null) throw new CliError(`the password ${problemWords(problem, policy)}; nothing was done`);
}
