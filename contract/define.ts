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

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * An operation's resource-style URL, so a person with curl can say GET /v1/secrets/ID instead of
 * POST /v1/op/readSecret (the uniform form every operation also has). The input is the JSON body, the
 * query string and the path parameters, merged and validated by the operation's own schema.
 */
export interface HttpRoute {
  readonly method: HttpMethod;
  /** Fastify / OpenAPI path with `:name` parameters, each one a field of the operation's input. */
  readonly path: string;
}

/** The `:name` parameters of a route's path. */
type PathParams<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? Param
    : never;

/** The names of an input's fields (any name while the input's type is not known). */
type InputField<I extends z.ZodType> =
  unknown extends z.input<I> ? string : Extract<keyof z.input<I>, string>;

/** A route whose path names a parameter the input lacks is a type error naming the parameter. */
type PathParamsCheck<P extends string, I extends z.ZodType> = [
  Exclude<PathParams<P>, InputField<I>>,
] extends [never]
  ? unknown
  : { readonly 'route path parameters missing from the input': Exclude<PathParams<P>, InputField<I>> };

/**
 * Which successes leave an audit entry; a refusal or an error always does. `every` (the default): each one.
 * `none`: the operation is one chunk of a transfer whose ends other operations audit (an upload's begin and
 * finish). `streamStart`: one chunk of a transfer nothing else opens; a success is audited when it starts
 * the transfer (the named field is 0) or is the session's first call on the target in a while, so a
 * 100-chunk file leaves one entry instead of a hundred and no chunk is read unseen.
 */
export type SuccessAudit<F extends string = string> = 'every' | 'none' | { readonly streamStart: F };

export interface OperationSpec<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  A extends Access = Access,
> {
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  readonly access: A;
  readonly route: HttpRoute;
  /**
   * A valid input (a test parses each with its schema): the OpenAPI document shows it, and the policy
   * matrix calls the operation with it as every kind of caller.
   */
  readonly example: z.input<I>;
  /** Operations answered while the keyring is sealed (status, init, unseal). Everything else is refused. */
  readonly whileSealed?: boolean;
  /**
   * `login`: the operation tries a password, passphrase or code, so it counts against the tighter
   * per-minute sign-in limits instead of the per-second API limits.
   */
  readonly rateLimit?: 'login';
  /** The input field recorded as the audit target; inputs themselves are never written to the audit log. */
  readonly auditTarget?: string;
  readonly auditSuccess?: SuccessAudit;
}

/**
 * Keeps the access kind as a literal type, so a session operation's handler receives a session by type,
 * and checks by type that the example is an input and that the route's path parameters and the audit
 * target are fields of the input.
 */
export function defineOperation<
  I extends z.ZodType,
  O extends z.ZodType,
  const A extends Access,
  const P extends string,
>(
  spec: OperationSpec<I, O, A> & {
    readonly route: { readonly path: P };
    readonly auditTarget?: InputField<I>;
    readonly auditSuccess?: SuccessAudit<InputField<I>>;
  } & PathParamsCheck<P, I>,
): OperationSpec<I, O, A> {
  return spec;
}
