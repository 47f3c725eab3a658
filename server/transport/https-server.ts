// The HTTPS transport: JSON over TLS 1.2+, one route per operation, everything handed to the security monitor.
import type { TLSSocket } from 'node:tls';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { httpRoutes } from '../contract/http-routes.ts';
import {
  type ErrorBody,
  type ErrorCode,
  errorStatus,
  operationNames,
  operations,
  type Result,
} from '../contract/index.ts';
import { buildOpenApi } from '../contract/openapi.ts';
import { metricsSchema, SCRAPE_TOKEN_PREFIX } from '../contract/ops-stats.ts';
import type { Logger } from '../log.ts';
import type { CallerInfo, PresentedCertificate } from '../monitor/caller.ts';
import type { SecurityMonitor } from '../monitor/dispatcher.ts';
import { SERVER_VERSION } from '../server-version.ts';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../stats/prometheus-text.ts';
import { WEB_UI_CSP } from './csp.ts';
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

export const OP_NUMBER_HEADER = 'x-keyhold-op';

/** On every answer: nothing cached, no sniffing or framing, HTTPS only, the web UI's CSP. */
const SECURITY_HEADERS = {
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

/** The client certificate a TLS peer presented, or undefined when it presented none (browsers, the window). */
function presentedCertificate(socket: TLSSocket): PresentedCertificate | undefined {
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || typeof peer.serialNumber !== 'string') return undefined;
  // Typed as an Error, but node sets OpenSSL's code as a string (e.g. CERT_HAS_EXPIRED).
  const error: unknown = socket.authorizationError;
  return {
    serial: peer.serialNumber,
    authorized: socket.authorized,
    error: typeof error === 'string' ? error : error instanceof Error ? error.message : null,
  };
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningHttpsServer> {
  const bodyLimit = options.bodyLimit ?? 2 * 1024 * 1024;
  // The live certificates: the served pair (renewed or replaced without a restart) and our CA for client
  // certificates. Mutual TLS is optional (browsers and the window present none); a presented certificate
  // is judged by the security monitor on each request, so its refusal is audited (see dispatcher.ts).
  const certificates = options.monitor.state.tls;
  const served = certificates?.installedCertificate ?? options.tls;
  const clientCa = certificates
    ? { ca: [certificates.caCertPem], requestCert: true, rejectUnauthorized: false }
    : {};
  const app = Fastify({
    https: { key: served.key, cert: served.cert, minVersion: 'TLSv1.2', ...clientCa },
    loggerInstance: options.log,
    // Request lines are not logged: the audit log is the record of calls, and URLs stay out of log files.
    logController: new LogController({ disableRequestLogging: true }),
    // Nothing logs through a request's own logger, so no child logger is made for each request.
    childLoggerFactory: (logger) => logger,
    bodyLimit,
    keepAliveTimeout: 65_000,
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
        if (webUiEnabled() || path.startsWith('/v1/') || path === '/metrics') return;
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
        minVersion: 'TLSv1.2',
        ca: [certificates.caCertPem],
      });
    });
    app.addHook('onClose', async () => stop());
  }

  const callerOf = (req: FastifyRequest): CallerInfo => {
    const certificate = presentedCertificate(req.socket as TLSSocket);
    return {
      token: bearer(req.headers.authorization),
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
  app.post<{ Params: { operation: string } }>('/v1/op/:operation', (req, reply) =>
    answer(req, reply, req.params.operation, req.body),
  );

  // The same operations at resource-style URLs, for people with curl (see server/contract/http-routes.ts).
  for (const name of operationNames) {
    const { method, path } = httpRoutes[name];
    const schema = operations[name].input;
    app.route<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>({
      method,
      url: path,
      handler: (req, reply) =>
        answer(req, reply, name, routeInput(schema, req.body, req.query ?? {}, req.params ?? {})),
    });
  }

  // The API's description, derived from the contract (public, like the contract itself).
  const openApi = JSON.stringify(buildOpenApi(SERVER_VERSION));
  app.get('/v1/openapi.json', async (_req, reply) => reply.type('application/json').send(openApi));

  // The certificate revocation list: public and signed, like the CA certificate it goes with.
  app.get('/v1/crl.pem', async (_req, reply) => {
    const state = options.monitor.state;
    const crl = state.tls
      ? await state.tls.currentCrl(state.store, state.sealed ? null : state.keyring, state.now(), options.log)
      : null;
    if (!crl)
      return sendError(reply, 'not_found', 'no revocation list yet: the server has not been unsealed');
    return reply.type('application/x-pem-file').send(crl);
  });

  // Prometheus scrapes text. With the scrape token an administrator made (khm_…), scrapeMetrics: no
  // session and no operation number, which a scraper cannot keep. Otherwise readMetrics, for an admin's
  // session. Either way through the monitor: authenticated, rate-limited and audited.
  app.get('/metrics', async (req, reply) => {
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
