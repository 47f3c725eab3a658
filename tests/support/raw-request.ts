// A request written by hand, as curl or a script sends it, for tests of the wire itself (routes, replayed or
// stale operation numbers, forged tokens). Signed in, it carries the session's bearer token and its next
// operation number, so no test builds the X-Keyhold-Op header itself.
import type { KeyholdClient } from '../../client/index.ts';
import { bearerAuthorization, OP_NUMBER_HEADER } from '../../contract/wire.ts';
import type { TestServer } from './test-server.ts';

/** A session kept outside a client, as a script keeps it: the token and the last operation number it used. */
export interface RawSession {
  token: string;
  opNumber: number;
}

export interface RawRequestOptions {
  /**
   * Signs the request in: with a client's session (the client carries on after this request's number) or
   * with a session kept by hand (its opNumber is counted on). Without it the request is anonymous.
   */
  as?: KeyholdClient | RawSession;
  /** Sends this operation number instead of the session's next one, counting nothing (null sends none). */
  opNumber?: number | null;
  /** POST when there is a body, GET otherwise. */
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
}

export interface RawAnswer<T> {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed, when the server answered JSON; null otherwise. */
  body: T;
}

/** The shape of every JSON answer of the API. */
export interface ApiBody {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; field?: string };
  [key: string]: unknown;
}

/** Where the session's token and next operation number come from, counting the number as used. */
function signature(as: KeyholdClient | RawSession, chosen: number | null | undefined) {
  const counting = chosen === undefined;
  if ('token' in as) {
    if (counting) as.opNumber++;
    return { token: as.token, opNumber: counting ? as.opNumber : chosen };
  }
  const state = as.sessionState;
  if (!state) throw new Error('rawRequest: the client is not signed in');
  if (!counting) return { token: state.token, opNumber: chosen };
  // Counted before the request leaves, so a call the client makes meanwhile takes the number after it.
  as.resumeSession(state.token, state.opNumber + 1);
  return { token: state.token, opNumber: state.opNumber + 1 };
}

export async function rawRequest<T = ApiBody>(
  t: Pick<TestServer, 'server' | 'fetch'>,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawAnswer<T>> {
  const headers: Record<string, string> = {};
  if (options.as) {
    const { token, opNumber } = signature(options.as, options.opNumber);
    headers.authorization = bearerAuthorization(token);
    if (opNumber !== null) headers[OP_NUMBER_HEADER] = String(opNumber);
  } else if (options.opNumber != null) {
    headers[OP_NUMBER_HEADER] = String(options.opNumber);
  }
  const hasBody = options.body !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';
  const response = await t.fetch(`${t.server.url}${path}`, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    ...(hasBody && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: (json ? JSON.parse(text) : null) as T,
  };
}
