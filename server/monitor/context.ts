// What an operation handler receives: the state, the caller, its session, and an atomic write with audit.
import type { OperationName, OutputOf, ParsedInputOf } from '../../contract/index.ts';
import type { Keyring } from '../keyring/index.ts';
import type { ServerState } from '../server-state.ts';
import type { Trx, WriteScope } from '../storage/database.ts';
import type { AuthenticatedSession, CallerInfo } from './caller.ts';

export interface OpContext {
  readonly state: ServerState;
  readonly caller: CallerInfo;
  readonly now: Date;
  readonly nowIso: string;
  /** The session; present for every operation whose access is 'session'. */
  readonly session: AuthenticatedSession | null;
  readonly keyring: Keyring;
  /** Names what the audit entry is about when the input alone does not (e.g. a newly created id). */
  setTarget(target: string): void;
  /** Names the user an anonymous operation turned out to concern (login, enroll) in the audit entry. */
  identify(userId: string, sessionId?: string): void;
  /** Runs the operation's writes and its success audit entry in one transaction: both or neither. */
  atomically<T>(fn: (trx: Trx) => Promise<T>, options?: { scope?: WriteScope }): Promise<T>;
}

export type Handler<K extends OperationName> = (
  ctx: OpContext,
  input: ParsedInputOf<K>,
) => Promise<OutputOf<K>>;

export type HandlersFor<K extends OperationName> = { [N in K]: Handler<N> };

export function requireSession(ctx: OpContext): AuthenticatedSession {
  if (!ctx.session) throw new Error(`operation needs a session but the contract declares it public`);
  return ctx.session;
}
