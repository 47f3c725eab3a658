// The HTTPS transport: one POST per operation, with web-standard fetch (browser, renderer, or Node's undici).
import {
  bearerAuthorization,
  isErrorCode,
  OP_NUMBER_HEADER,
  type Result,
  rpcPath,
} from '../../contract/index.ts';
import type { CallMeta, Transport } from './transport.ts';

export interface HttpsTransportOptions {
  /** e.g. https://127.0.0.1:7777 */
  baseUrl: string;
  /** A fetch that trusts the server's CA (Node: undici with a dispatcher; browsers: the OS trust store). */
  fetch?: typeof fetch;
}

export function createHttpsTransport(options: HttpsTransportOptions): Transport {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:')
    throw new Error('Keyhold speaks HTTPS only: the server URL must start with https://');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async call(operation: string, input: unknown, meta: CallMeta): Promise<Result<unknown>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (meta.token) headers.authorization = bearerAuthorization(meta.token);
      if (meta.opNumber !== null) headers[OP_NUMBER_HEADER] = String(meta.opNumber);
      let response: Response;
      try {
        response = await doFetch(new URL(rpcPath(operation), base), {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
        });
      } catch (error) {
        const reason =
          error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
        return {
          ok: false,
          error: { code: 'internal', message: `cannot reach the server at ${base.origin}: ${reason}` },
        };
      }
      const body: unknown = await response.json().catch(() => null);
      if (isResult(body)) return body;
      return {
        ok: false,
        error: { code: 'internal', message: `unexpected answer from the server (HTTP ${response.status})` },
      };
    },
  };
}

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  if (body.ok === true) return 'value' in body;
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof error?.code === 'string' && isErrorCode(error.code) && typeof error.message === 'string';
}
