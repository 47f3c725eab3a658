// Errors that mean "this session is over" (expired, ended elsewhere, server sealed), wherever they surface.
import { KeyholdError } from '../../client/index.ts';

const SESSION_OVER = new Set(['unauthenticated', 'session_expired', 'account_disabled', 'sealed']);

type Listener = (error: KeyholdError) => void;
const listeners = new Set<Listener>();

export function onSessionOver(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by the query and mutation caches for every failure; only session-ending ones are passed on. */
export function reportFailure(error: unknown): void {
  if (error instanceof KeyholdError && SESSION_OVER.has(error.code)) {
    for (const listener of listeners) listener(error);
  }
}
