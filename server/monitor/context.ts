// What an operation handler receives: the server's services (AppContext), the caller, its session, and an
// atomic write with audit.
import type { OperationName, Operations, OutputOf, ParsedInputOf } from '../../contract/index.ts';
import type { AppContext } from '../app-context.ts';
import type { Keyring } from '../keyring/index.ts';
import type { Trx } from '../storage/database.ts';
import type { AuthenticatedSession, CallerInfo } from './caller.ts';

export interface OpContext<S extends AuthenticatedSession | null = AuthenticatedSession | null>
  extends Readonly<AppContext> {
  readonly caller: CallerInfo;
  readonly now: Date;
  readonly nowIso: string;
  /** The session: by type, present for every operation whose access is 'session' and null for public ones. */
  readonly session: S;
  readonly keyring: Keyring;
  /** Names what the audit entry is about when the input alone does not (e.g. a newly created id). */
  setTarget(target: string): void;
  /** Names the user an anonymous operation turned out to concern (login, enroll) in the audit entry. */
  identify(userId: string, sessionId?: string): void;
  /**
   * Runs the operation's writes and its success audit entry in one transaction: both or neither. What the
   * services' writes registered reaches memory once it commits, and other nodes through the change feed.
   */
  atomically<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
}

/** What the monitor hands an operation's handler: a session exactly when the declaration asks for one. */
export type SessionOf<K extends OperationName> = Operations[K]['access'] extends { kind: 'session' }
  ? AuthenticatedSession
  : null;

export type Handler<K extends OperationName> = (
  ctx: OpContext<SessionOf<K>>,
  input: ParsedInputOf<K>,
) => Promise<OutputOf<K>>;

export type HandlersFor<K extends OperationName> = { [N in K]: Handler<N> };

/** The context of an operation declared with access 'session': helpers of such handlers take this. */
export type SessionContext = OpContext<AuthenticatedSession>;
