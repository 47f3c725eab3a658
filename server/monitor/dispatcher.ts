// The security monitor: the one choke point every transport hands (caller, operation, input) to.
import type { z } from 'zod';
import {
  type ErrorBody,
  errorStatus,
  isOperationName,
  normalizeUserName,
  type OperationName,
  type OperationSpec,
  operations,
  type Result,
  type SecretNeed,
} from '../../contract/index.ts';
import { describeInputError } from '../../contract/input-error.ts';
import type { AppContext } from '../app-context.ts';
import type { AuditRecord } from '../audit/audit-log.ts';
import { describeTlsError } from '../certificates/tls-error-words.ts';
import { OpError } from '../errors.ts';
import { IntegrityError } from '../keyring/index.ts';
import { RequestLimits } from '../limits/request-limits.ts';
import type { Logger } from '../log.ts';
import { effectsIn } from '../storage/commit-effects.ts';
import type { Trx } from '../storage/database.ts';
import { isUnavailable } from '../storage/dialect.ts';
import { authenticate, SessionRefused } from './authenticate.ts';
import type { AuthenticatedSession, CallerInfo, PresentedCertificate } from './caller.ts';
import type { Handler, OpContext } from './context.ts';
import { SuccessAuditPolicy } from './success-audit.ts';

export type HandlerTable = { [K in OperationName]: Handler<K> };

/**
 * Operations a server that was never initialised answers. getServerCa too: a client meets an
 * uninitialised server (to initialise it) by pinning its CA first.
 */
const beforeInit = new Set<OperationName>(['status', 'init', 'getServerCa']);

export class SecurityMonitor {
  readonly #limits = new RequestLimits();
  readonly #successAudit = new SuccessAuditPolicy();

  constructor(
    readonly app: AppContext,
    readonly handlers: HandlerTable,
  ) {}

  async dispatch(caller: CallerInfo, operation: string, rawInput: unknown): Promise<Result<unknown>> {
    const started = performance.now();
    const now = this.app.clock();
    const audit: AuditRecord = {
      time: now.toISOString(),
      // Unknown names are caller-controlled text: keep them short and printable in the log.
      operation: isOperationName(operation)
        ? operation
        : `unknown:${operation.replace(/[^\w.-]/g, '?').slice(0, 48)}`,
      opNumber: caller.opNumber,
      userId: null,
      sessionId: null,
      address: caller.address,
      target: null,
      status: 'ok',
      code: null,
    };
    let audited = false;
    let session: AuthenticatedSession | null = null;
    let claimed: (() => void) | null = null;
    try {
      if (!isOperationName(operation)) {
        throw new OpError('unknown_operation', `there is no operation named "${audit.operation.slice(8)}"`);
      }
      const spec: OperationSpec = operations[operation];
      await this.#followCluster();
      // A copy whose refresh failed after a commit is reread first, so this request sees every committed write.
      if (!this.app.state.sealed) await this.app.store.refreshStale();
      if (caller.certificate) this.#checkCertificate(caller.certificate, audit);
      const limitClass = spec.rateLimit ?? 'api';
      const limitSettings =
        this.app.state.initialized && !this.app.state.sealed ? this.app.state.settings.rateLimits : null;
      // Only the network has addresses worth limiting: the desktop window's IPC is one local user.
      if (caller.transport === 'https') {
        await this.#limits.byAddress(limitClass, caller.address, limitSettings);
      }
      if (limitClass === 'login') {
        const name = loginName(rawInput);
        if (name) await this.#limits.byUser('login', name, limitSettings);
      }
      if (!this.app.state.initialized && !beforeInit.has(operation)) {
        throw new OpError('not_initialized', 'the server is not initialised yet: run init first');
      }
      if (this.app.state.sealed && !spec.whileSealed) {
        throw new OpError('sealed', 'the server is sealed: unseal it first');
      }
      if (spec.access.kind === 'session') {
        session = await authenticate(this.app, caller);
        audit.userId = session.userId;
        audit.sessionId = session.sessionId;
        if (limitClass === 'api') await this.#limits.byUser('api', session.userId, limitSettings);
        if (!spec.access.roles.includes(session.role)) {
          throw new OpError('forbidden', `the ${session.role} role may not call ${operation}`);
        }
      }
      const input = parseInput(spec.input, rawInput);
      if (spec.auditTarget) audit.target = targetOf(input, spec.auditTarget);
      if (spec.access.kind === 'session' && spec.access.resource === 'secret' && session) {
        this.#checkSecretAccess(session, targetOf(input, 'id'), spec.access.need ?? 'owner');
      }
      // Whether a success leaves an entry (a file's chunks mostly do not); a refusal always does.
      const transfer = { sessionId: audit.sessionId, operation, target: audit.target };
      const recordSuccess = this.#successAudit.claim(spec.auditSuccess, input, transfer, now.getTime());
      if (recordSuccess) claimed = () => this.#successAudit.release(spec.auditSuccess, transfer);
      const ctx = this.#context(caller, session, now, audit, recordSuccess, () => {
        audited = true;
      });
      // The session is present exactly when the declaration asks for one: authenticated above.
      const handler = this.handlers[operation] as unknown as (
        ctx: OpContext,
        input: unknown,
      ) => Promise<unknown>;
      const value = await handler(ctx, input);
      if (!audited) await this.#writeAudit(recordSuccess ? audit : null, session);
      return { ok: true, value };
    } catch (error) {
      claimed?.();
      const body = toErrorBody(error, this.app.log);
      if (error instanceof SessionRefused) {
        audit.userId = error.userId || null;
        audit.sessionId = error.sessionId || null;
      }
      audit.status = errorStatus[body.code] >= 500 ? 'error' : 'denied';
      audit.code = error instanceof OpError && error.auditCode ? error.auditCode : body.code;
      try {
        await this.#writeAudit(audit, session);
      } catch {
        // Already logged; the caller is refused either way.
      }
      return { ok: false, error: body };
    } finally {
      this.app.stats.record(audit, started);
    }
  }

  /**
   * On a store shared with other nodes, before anything is checked: an unsealed node applies what the
   * others committed (sessions ended, users disabled, certificates revoked, secrets and grants changed), so
   * a change made through one node holds on the next request to any. A sealed node rereads the seal record,
   * which another node may have created (init) or extended (rotation).
   */
  async #followCluster(): Promise<void> {
    const { state, cluster } = this.app;
    if (!cluster) return;
    if (state.sealed) await state.refreshSeal();
    else await cluster.catchUp();
  }

  /**
   * Mutual TLS is optional, but a client certificate presented must be good: signed by our CA, in its
   * dates, not revoked. Refused here rather than at the handshake, so the refusal is audited and explained.
   */
  #checkCertificate(certificate: PresentedCertificate, audit: AuditRecord): void {
    audit.target = `certificate ${certificate.serial.toLowerCase()}`.slice(0, 80);
    if (!certificate.authorized) {
      throw new OpError(
        'certificate_refused',
        `the client certificate was refused: ${describeTlsError(certificate.error)}`,
      );
    }
    if (this.app.tls?.isRevoked(certificate.serial)) {
      throw new OpError('certificate_refused', 'the client certificate was refused: it has been revoked', {
        auditCode: 'certificate_revoked',
      });
    }
    audit.target = null;
  }

  /**
   * Deny by default: the owner reaches their secret; a grant reaches it as far as its permission goes
   * (read: read; write: also new versions and sharing on); nobody else reaches it at all.
   */
  #checkSecretAccess(session: AuthenticatedSession, secretId: string | null, need: SecretNeed): void {
    const { secrets, grants } = this.app;
    const owner = secretId ? secrets.index.ownerOf(secretId) : null;
    if (owner === session.userId) return;
    const granted = owner && secretId ? grants.permission(secretId, session.userId) : null;
    // A secret in the owner's trash is out of reach for everyone it was shared with, until restored.
    if (granted && secretId && secrets.index.record(secretId)?.deletedAt) {
      throw new OpError('not_found', 'no such secret', { auditCode: 'in_trash' });
    }
    if (granted === 'write' && need !== 'owner') return;
    if (granted === 'read' && need === 'read') return;
    if (granted) {
      // A recipient knows the secret exists: tell them what they lack.
      throw new OpError('forbidden', `your grant to this secret is ${granted}-only`, {
        auditCode: 'insufficient_grant',
      });
    }
    // The same answer for "missing" and "not yours", so ids cannot be probed; the audit log tells them apart.
    throw new OpError('not_found', 'no such secret', { auditCode: owner ? 'not_owner' : 'not_found' });
  }

  #context(
    caller: CallerInfo,
    session: AuthenticatedSession | null,
    now: Date,
    audit: AuditRecord,
    recordSuccess: boolean,
    markAudited: () => void,
  ): OpContext {
    const app = this.app;
    const state = app.state;
    return {
      state,
      store: app.store,
      db: app.db,
      log: app.log,
      node: app.node,
      clock: app.clock,
      sessions: app.sessions,
      replayWindows: app.replayWindows,
      audit: app.audit,
      cluster: app.cluster,
      operationClaims: app.operationClaims,
      stats: app.stats,
      secrets: app.secrets,
      grants: app.grants,
      backups: app.backups,
      attachments: app.attachments,
      shareLinks: app.shareLinks,
      retention: app.retention,
      lockouts: app.lockouts,
      reachability: app.reachability,
      tls: app.tls,
      listener: app.listener,
      caller,
      session,
      now,
      nowIso: audit.time,
      get keyring() {
        return state.keyring;
      },
      setTarget: (target) => {
        audit.target = target;
      },
      identify: (userId, sessionId) => {
        audit.userId = userId;
        if (sessionId) audit.sessionId = sessionId;
      },
      atomically: async <T>(fn: (trx: Trx) => Promise<T>): Promise<T> => {
        const result = await app.store.transaction(async (trx) => {
          const value = await fn(trx);
          // Other nodes sharing the store drop their caches on a write that may have reached them; what
          // the services' writes touched, the store's hook names in the feed itself (cluster-sync.ts).
          if (app.cluster && effectsIn(trx)?.scope === 'any') {
            await app.cluster.note(trx, { scope: 'any', operation: audit.operation, target: audit.target });
          }
          const touch = session?.touch ?? null;
          if (recordSuccess) await app.audit.appendIn(trx, audit, touch);
          else if (touch) await app.audit.touchIn(trx, touch);
          return value;
        });
        markAudited();
        return result;
      },
    };
  }

  /**
   * Fail closed: if the audit entry cannot be written, the caller gets an error, not the result. Null: a
   * success the declaration leaves out of the log, whose session touch is still written.
   */
  async #writeAudit(audit: AuditRecord | null, session: AuthenticatedSession | null): Promise<void> {
    const touch = session?.touch ?? null;
    try {
      if (audit) await this.app.audit.write(audit, touch);
      else if (touch) await this.app.audit.touch(touch);
    } catch (error) {
      this.app.log.error({ err: describe(error), operation: audit?.operation }, 'audit write failed');
      if (isUnavailable(error)) {
        throw new OpError(
          'storage_unavailable',
          'the database cannot be reached just now, so the operation was refused (its audit entry could not be written); try again shortly',
          { retryAfter: 2 },
        );
      }
      throw new OpError('internal', 'the audit log could not be written, so the operation was refused');
    }
  }
}

function parseInput(schema: z.ZodType, raw: unknown): unknown {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const { message, field, issue } = describeInputError(parsed.error);
  throw new OpError('bad_request', message, { ...(field && { field }), ...(issue && { issue }) });
}

/**
 * The user name a sign-in names, normalised by the one rule pre-login, login and the name index use, so
 * that " root" and "ROOT" draw on root's budget; bounded, since it is caller text.
 */
function loginName(raw: unknown): string | null {
  const name = (raw as { username?: unknown } | null)?.username;
  return typeof name === 'string' ? normalizeUserName(name.slice(0, 400)).slice(0, 200) : null;
}

function targetOf(input: unknown, key: string): string | null {
  const value = (input as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
}

function toErrorBody(error: unknown, log: Logger): ErrorBody {
  if (error instanceof OpError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.field !== undefined && { field: error.field }),
      ...(error.issue !== undefined && { issue: error.issue }),
      ...(error.retryAfter !== undefined && { retryAfter: error.retryAfter }),
    };
  }
  if (error instanceof IntegrityError) {
    log.error({ err: describe(error) }, 'integrity check failed');
    return {
      code: 'integrity_error',
      message: 'stored data failed its integrity check; the administrator has been told',
    };
  }
  if (isUnavailable(error)) {
    log.error({ err: describe(error) }, 'the database cannot be reached');
    return {
      code: 'storage_unavailable',
      message: 'the database cannot be reached just now; nothing was changed, try again shortly',
      retryAfter: 2,
    };
  }
  log.error({ err: describe(error) }, 'operation failed');
  return { code: 'internal', message: 'the server could not complete the operation' };
}

/** Error name and message only: stack traces may carry inputs, and inputs may carry secrets. */
function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'unknown', message: String(error) };
}
