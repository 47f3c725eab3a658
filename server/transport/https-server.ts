// The HTTPS transport: JSON over TLS 1.2+, one route per operation, everything handed to the security monitor.
import type { TLSSocket } from 'node:tls';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import {
  bearerTokenOf,
  CRL_PATH,
  type ErrorBody,
  type ErrorCode,
  errorStatus,
  isOperationName,
  METRICS_PATH,
  OP_NUMBER_HEADER,
  OPENAPI_PATH,
  operationNames,
  operations,
  type Result,
  RPC_PATH_PREFIX,
} from '../../contract/index.ts';
import { buildOpenApi } from '../../contract/openapi.ts';
import { metricsSchema, SCRAPE_TOKEN_PREFIX } from '../../contract/ops-stats.ts';
import { TLS_POLICY } from '../certificates/tls-policy.ts';
import { OpError } from '../errors.ts';
import { SHARE_PAGE_FILE, SHARE_PAGE_ROUTE } from '../links/share-page.ts';
import type { Logger } from '../log.ts';
import type { CallerInfo } from '../monitor/caller.ts';
import type { SecurityMonitor } from '../monitor/dispatcher.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../stats/prometheus-text.ts';
import {
  type GateRefusal,
  gateAuditRecord,
  judgeCertificate,
  pathOf,
  presentedCertificate,
} from './client-certificate-gate.ts';
import {
  type ConnectionCaps,
  type ConnectionTimeouts,
  closeSilentConnections,
  DEFAULT_CAPS,
  DEFAULT_TIMEOUTS,
  guardConnections,
  serverTimeoutOptions,
} from './connection-guard.ts';
import { CROSS_ORIGIN_ISOLATION, WEB_UI_CSP } from './csp.ts';
import { routeInput } from './route-input.ts';

export interface HttpsServerOptions {
  monitor: SecurityMonitor;
  tls: { key: string; cert: string };
  host: string;
  port: number;
  log: Logger;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** The built web UI, served at `/` with a strict Content-Security-Policy. */
  webRoot?: string;
  /** Read on every request for the web UI: the network settings turn it off and on without a restart. */
  webUiEnabled?: () => boolean;
  /** Read on every request: only clients presenting a good certificate are served (machine-only deployments). */
  requireClientCertificate?: () => boolean;
  /** Read for every new connection: the caps on open connections (network settings). */
  connectionCaps?: () => ConnectionCaps;
  /** How long slow clients may take; tests shorten them. */
  timeouts?: ConnectionTimeouts;
}

export { WEB_UI_CSP } from './csp.ts';

export interface RunningHttpsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
  /**
   * Stops accepting connections and closes once the requests under way are answered, each answer
   * telling its client to reconnect elsewhere (Connection: close). The listener moves this way.
   */
  retire(): Promise<void>;
}

/** The uniform form's route: POST /v1/op/NAME (contract/wire.ts). */
const RPC_ROUTE = `${RPC_PATH_PREFIX}:operation`;

/** On every answer: nothing cached, no sniffing or framing, HTTPS only, the web UI's CSP, isolation. */
const SECURITY_HEADERS = {
  ...CROSS_ORIGIN_ISOLATION,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=31536000',
  'content-security-policy': WEB_UI_CSP,
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

function sendError(reply: FastifyReply, code: ErrorCode, message: string, field?: string) {
  const error: ErrorBody = field ? { code, message, field } : { code, message };
  return reply.code(errorStatus[code]).send({ ok: false, error });
}

function parseOpNumber(header: string | string[] | undefined): number | null {
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header)) return null;
  return Number(header);
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningHttpsServer> {
  const bodyLimit = options.bodyLimit ?? 2 * 1024 * 1024;
  // The live certificates: the served pair (renewed or replaced without a restart) and our CA for client
  // certificates. Mutual TLS is optional (browsers and the window present none); a presented certificate
  // is judged by the security monitor on each request, so its refusal is audited (see dispatcher.ts).
  const certificates = options.monitor.app.tls;
  const served = certificates?.installedCertificate ?? options.tls;
  const clientCa = certificates
    ? { ca: [certificates.caCertPem], requestCert: true, rejectUnauthorized: false }
    : {};
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    https: {
      key: served.key,
      cert: served.cert,
      ...TLS_POLICY,
      ...clientCa,
      ...serverTimeoutOptions(timeouts),
    },
    // Fastify's default turns Node's request timeout off. No socket inactivity timeout (Fastify's
    // connectionTimeout): it would also cut a request whose answer takes long to compute (an import, an
    // unseal); a client silent before, between or during its requests is closed by the timeouts above.
    requestTimeout: timeouts.requestMs,
    loggerInstance: options.log,
    // Request lines are not logged: the audit log is the record of calls, and URLs stay out of log files.
    logController: new LogController({ disableRequestLogging: true }),
    // Nothing logs through a request's own logger, so no child logger is made for each request.
    childLoggerFactory: (logger) => logger,
    bodyLimit,
    keepAliveTimeout: timeouts.idleMs,
    return503OnClosing: true,
  });

  // Our own JSON parser: an empty body means {}, and a malformed one gets the contract's error shape.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      const error = new Error('the body is not valid JSON') as FastifyError;
      error.code = 'KEYHOLD_INVALID_JSON';
      error.statusCode = 400;
      done(error, undefined);
    }
  });

  const context = options.monitor.app;
  guardConnections(app.server, options.connectionCaps ?? (() => DEFAULT_CAPS), options.log);
  closeSilentConnections(app.server, timeouts);

  // Which operation each route serves, for the audit entry of a refusal at the certificate gate.
  const routeOperations = new Map<string, string>([[`GET ${METRICS_PATH}`, 'readMetrics']]);
  const operationOf = (req: FastifyRequest): string | null => {
    const route = req.routeOptions.url;
    if (route === RPC_ROUTE) {
      const name = String((req.params as { operation?: unknown }).operation ?? '');
      return isOperationName(name) ? name : `unknown:${name.replace(/[^\w.-]/g, '?').slice(0, 48)}`;
    }
    return route === undefined ? null : (routeOperations.get(`${req.method} ${route}`) ?? null);
  };
  const requireCertificate = options.requireClientCertificate ?? (() => false);
  const refuseAtGate = async (req: FastifyRequest, reply: FastifyReply, refusal: GateRefusal) => {
    const operation = operationOf(req) ?? (pathOf(req) === OPENAPI_PATH ? 'openapi' : 'web-ui');
    try {
      await context.audit.write(gateAuditRecord(context.clock(), req, operation, refusal), null);
    } catch (error) {
      options.log.error({ err: { message: String(error) }, operation }, 'audit write failed');
    }
    return sendError(reply, 'certificate_refused', refusal.message);
  };
  // First of all hooks, before any route (the web UI and the OpenAPI document too): a refused client
  // certificate, or none where one is required, gets the refusal and nothing else. A callback hook: it
  // runs for every request, and only a refusal needs to wait (for its audit entry).
  app.addHook('onRequest', (req, reply, done) => {
    const operation = operationOf(req);
    const operationRoute = operation !== null && !operation.startsWith('unknown:');
    const required = requireCertificate();
    // The common case costs nothing more: on the operations' routes the monitor judges a presented
    // certificate itself (once per request), so only a requirement brings the gate in there.
    if (operationRoute && !required) return done();
    const certificate = presentedCertificate(req.socket as TLSSocket);
    const refusal = judgeCertificate(context.tls, certificate, pathOf(req), { required, operationRoute });
    if (refusal) void refuseAtGate(req, reply, refusal);
    else done();
  });

  let retiring = false;
  // A callback hook, not an async one: this runs for every answer, and a promise each costs on the hot path.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (retiring) reply.header('connection', 'close');
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });

  if (options.webRoot) {
    const webUiEnabled = options.webUiEnabled;
    if (webUiEnabled) {
      app.addHook('onRequest', async (req, reply) => {
        const path = req.url.split('?')[0] ?? '';
        if (webUiEnabled() || path.startsWith('/v1/') || path === METRICS_PATH) return;
        return sendError(
          reply,
          'not_found',
          'the web UI is turned off on this server; the API still answers',
        );
      });
    }
    await app.register(fastifyStatic, {
      root: options.webRoot,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
      dotfiles: 'deny',
      cacheControl: false,
      etag: true,
    });
    // A one-time link's public page: the same static page for every id (it decrypts in the browser), under
    // the same CSP as the UI, counted against the address's budget for links.
    app.get(SHARE_PAGE_ROUTE, async (req, reply) => {
      try {
        await options.monitor.app.shareLinks.limitPage(req.socket.remoteAddress ?? 'unknown');
      } catch (error) {
        if (!(error instanceof OpError)) throw error;
        if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
        return sendError(reply, 'rate_limited', error.message);
      }
      return reply.type('text/html; charset=utf-8').sendFile(SHARE_PAGE_FILE);
    });
  }

  app.setErrorHandler((error: FastifyError, _req, reply) => {
    switch (error.code) {
      case 'KEYHOLD_INVALID_JSON':
        return sendError(reply, 'invalid_json', 'the request body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'payload_too_large', `the request body is larger than ${bodyLimit} bytes`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 'unsupported_media_type', 'send the body as application/json');
      default:
        if (error.statusCode && error.statusCode < 500) return sendError(reply, 'bad_request', error.message);
        options.log.error({ err: { name: error.name, code: error.code } }, 'request failed');
        return sendError(reply, 'internal', 'the server could not complete the request');
    }
  });

  app.setNotFoundHandler((req, reply) =>
    sendError(
      reply,
      'unknown_operation',
      `no such endpoint: ${req.method} ${req.url.split('?')[0]?.slice(0, 100)}`,
    ),
  );

  if (certificates) {
    const stop = certificates.onServerCertificate((pair) => {
      app.server.setSecureContext({
        key: pair.key,
        cert: pair.cert,
        ...TLS_POLICY,
        ca: [certificates.caCertPem],
      });
    });
    app.addHook('onClose', async () => stop());
  }

  const callerOf = (req: FastifyRequest): CallerInfo => {
    const certificate = presentedCertificate(req.socket as TLSSocket);
    return {
      token: bearerTokenOf(req.headers.authorization),
      opNumber: parseOpNumber(req.headers[OP_NUMBER_HEADER]),
      address: req.socket.remoteAddress ?? 'unknown',
      port: req.socket.remotePort ?? 0,
      transport: 'https',
      ...(certificate && { certificate }),
    };
  };
  const answerWith = (reply: FastifyReply, result: Result<unknown>) => {
    if (!result.ok && result.error.retryAfter !== undefined) {
      reply.header('retry-after', String(result.error.retryAfter));
    }
    return reply.code(result.ok ? 200 : errorStatus[result.error.code]).send(result);
  };
  const answer = async (req: FastifyRequest, reply: FastifyReply, operation: string, input: unknown) =>
    answerWith(reply, await options.monitor.dispatch(callerOf(req), operation, input));

  // The uniform form every Keyhold client uses: one POST per operation, the input as the body.
  app.post<{ Params: { operation: string } }>(RPC_ROUTE, (req, reply) =>
    answer(req, reply, req.params.operation, req.body),
  );

  // The same operations at the resource-style URLs their declarations name, for people with curl.
  for (const name of operationNames) {
    const { route, input: schema } = operations[name];
    const { method, path } = route;
    routeOperations.set(`${method} ${path}`, name);
    app.route<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>({
      method,
      url: path,
      handler: (req, reply) =>
        answer(req, reply, name, routeInput(schema, req.body, req.query ?? {}, req.params ?? {})),
    });
  }

  // The API's description, derived from the contract (public, like the contract itself).
  const openApi = JSON.stringify(buildOpenApi(SERVER_VERSION));
  app.get(OPENAPI_PATH, async (_req, reply) => reply.type('application/json').send(openApi));

  // The certificate revocation list: public and signed, like the CA certificate it goes with.
  app.get(CRL_PATH, async (_req, reply) => {
    const { tls, state } = context;
    const crl = tls
      ? await tls.currentCrl(context.store, state.openKeyring, context.clock(), options.log)
      : null;
    if (!crl)
      return sendError(reply, 'not_found', 'no revocation list yet: the server has not been unsealed');
    return reply.type('application/x-pem-file').send(crl);
  });

  // Prometheus scrapes text. With the scrape token an administrator made (khm_…), scrapeMetrics: no
  // session and no operation number, which a scraper cannot keep. Otherwise readMetrics, for an admin's
  // session. Either way through the monitor: authenticated, rate-limited and audited.
  app.get(METRICS_PATH, async (req, reply) => {
    const caller = callerOf(req);
    const scrape = caller.token?.startsWith(SCRAPE_TOKEN_PREFIX) ? caller.token : null;
    const result = scrape
      ? await options.monitor.dispatch({ ...caller, token: null }, 'scrapeMetrics', { token: scrape })
      : await options.monitor.dispatch(caller, 'readMetrics', {});
    const metrics = result.ok ? metricsSchema.safeParse(result.value) : null;
    if (!metrics?.success) return answerWith(reply, result);
    return reply.type(PROMETHEUS_CONTENT_TYPE).send(renderPrometheus(metrics.data));
  });

  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    // A port in use leaves nothing behind: the caller may try elsewhere in the same process.
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    port,
    url: `https://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () => app.close(),
    retire: () => {
      retiring = true;
      // The listening socket closes now, so the port is free for the next listener at once; the
      // connections under way finish their requests (told Connection: close) and idle ones are closed.
      app.server.close();
      return app.close();
    },
  };
}
