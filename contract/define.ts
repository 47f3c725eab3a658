// The shape of one operation declaration: the contract that every transport and the security monitor share.
import type { z } from 'zod';
import type { Role } from './roles.ts';

/**
 * What a caller must hold on the secret named by `input.id`: `read` (owner or any grant), `write`
 * (owner or a read-write grant), `share` (the same: read-write recipients may share on), `owner`.
 */
export type SecretNeed = 'read' | 'write' | 'share' | 'owner';

/**
 * Who may call an operation. `public` needs no session (login, status, unseal). `session` needs a live
 * session whose user holds one of `roles`; `resource: 'secret'` adds the check of `need` on `input.id`
 * (the owner when `need` is absent).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session'; roles: readonly Role[]; resource?: 'secret'; need?: SecretNeed };

export interface OperationSpec<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  readonly access: A;
  /** Operations answered while the keyring is sealed (status, init, unseal). Everything else is refused. */
  readonly whileSealed?: boolean;
  /**
   * `login`: the operation tries a password, passphrase or code, so it counts against the tighter
   * per-minute sign-in limits instead of the per-second API limits.
   */
  readonly rateLimit?: 'login';
  /** The input field recorded as the audit target; inputs themselves are never written to the audit log. */
  readonly auditTarget?: string;
}

/** Keeps the access kind as a literal type, so a session operation's handler receives a session by type. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType, const A extends Access>(
  spec: OperationSpec<I, O, A>,
): OperationSpec<I, O, A> {
  return spec;
}
