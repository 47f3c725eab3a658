// The names a Keyhold client and server must spell alike on the wire: the operation-number header, the
// uniform URL of an operation, the bearer token and the server's fixed paths. Declared once, here.

/** Carries the request's operation number, unique within its session (replay protection). */
export const OP_NUMBER_HEADER = 'x-keyhold-op';

/** The uniform form of every operation: POST /v1/op/NAME with the whole input as the JSON body. */
export const RPC_PATH_PREFIX = '/v1/op/';

/** The uniform URL path of one operation. */
export function rpcPath(operation: string): string {
  return `${RPC_PATH_PREFIX}${encodeURIComponent(operation)}`;
}

/** The Authorization header's value for a session token (or a Prometheus scrape token). */
export function bearerAuthorization(token: string): string {
  return `Bearer ${token}`;
}

/** The token an Authorization header carries, or null when there is none or it is not a token's shape. */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

/** The API's OpenAPI description, derived from the contract. */
export const OPENAPI_PATH = '/v1/openapi.json';
/** The certificate revocation list of the server's CA (public, like the CA certificate). */
export const CRL_PATH = '/v1/crl.pem';
/** Prometheus text, for a scraper with a scrape token or an administrator's session. */
export const METRICS_PATH = '/metrics';
