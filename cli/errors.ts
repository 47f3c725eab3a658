// What the CLI prints when something goes wrong: one line, a stable exit code, never a secret value.
import { KeyholdError } from '../client/keyhold-client.ts';
import { KeyChangedError, NotAContactError } from '../client/sharing.ts';
import { tlsRefusal } from './tls-refusal.ts';

/** 1: the command failed; 2: the command line itself is wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_FAILURE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A wrong argument or option: exit code 2, with the argument named in the message. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

export const SESSION_EXPIRED = 'session expired — run keyhold login';

/** Turns whatever was thrown into the one line a person reads, and the exit code a script checks. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof KeyholdError) {
    const tls = tlsRefusal();
    if (tls !== null && error.message.startsWith('cannot reach the server')) {
      return { message: tls, exitCode: EXIT_FAILURE };
    }
    switch (error.code) {
      case 'session_expired':
      case 'unauthenticated':
        return { message: SESSION_EXPIRED, exitCode: EXIT_FAILURE };
      case 'replayed_operation':
        return {
          message:
            `${error.message}: another program is using this session's token (curl, or a keyhold with another ` +
            'configuration folder); give it a session of its own, or run keyhold login again',
          exitCode: EXIT_FAILURE,
        };
      default: {
        const field = error.field ? ` (${error.field})` : '';
        return { message: `${error.message}${field} [${error.code}]`, exitCode: EXIT_FAILURE };
      }
    }
  }
  if (error instanceof NotAContactError || error instanceof KeyChangedError) {
    return { message: error.message, exitCode: EXIT_FAILURE };
  }
  if (error instanceof Error) return { message: error.message, exitCode: EXIT_FAILURE };
  return { message: String(error), exitCode: EXIT_FAILURE };
}
