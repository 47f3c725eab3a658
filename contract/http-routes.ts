// Resource-style URLs for the HTTPS API, so a person with curl can say GET /v1/secrets/ID instead of
// POST /v1/op/readSecret. Each route names one operation of the contract; the input is the JSON body,
// the query string and the path parameters, merged and validated by the operation's own schema.
import type { OperationName } from './index.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  method: HttpMethod;
  /** Fastify / OpenAPI path with `:name` parameters, each one an input field of the operation. */
  path: string;
}

const route = (method: HttpMethod, path: string): HttpRoute => ({ method, path });

/**
 * Every operation has a resource URL; POST /v1/op/NAME stays as the uniform form clients use. A new
 * operation must be added here: the type and tests/openapi.test.ts both insist.
 */
export const httpRoutes: { readonly [K in OperationName]: HttpRoute } = {
  // The server itself.
  status: route('GET', '/v1/status'),
  init: route('POST', '/v1/sys/init'),
  unseal: route('POST', '/v1/sys/unseal'),
  seal: route('POST', '/v1/sys/seal'),
  rotateKeyring: route('POST', '/v1/sys/keyring/rotate'),
  // Signing in and one's own sessions.
  prelogin: route('POST', '/v1/auth/prelogin'),
  login: route('POST', '/v1/auth/login'),
  logout: route('POST', '/v1/auth/logout'),
  enroll: route('POST', '/v1/auth/enroll'),
  changePassword: route('POST', '/v1/auth/password'),
  getPasswordRules: route('GET', '/v1/auth/password-rules'),
  whoami: route('GET', '/v1/auth/me'),
  listMySessions: route('GET', '/v1/auth/sessions'),
  endSession: route('DELETE', '/v1/auth/sessions/:sessionId'),
  // Users (staff).
  listUsers: route('GET', '/v1/users'),
  createUser: route('POST', '/v1/users'),
  setUserRole: route('PUT', '/v1/users/:userId/role'),
  disableUser: route('POST', '/v1/users/:userId/disable'),
  enableUser: route('POST', '/v1/users/:userId/enable'),
  unlockUser: route('POST', '/v1/users/:userId/unlock'),
  resetUserEnrollment: route('POST', '/v1/users/:userId/enrollment'),
  setUserLoginHours: route('PUT', '/v1/users/:userId/login-hours'),
  endUserSessions: route('DELETE', '/v1/users/:userId/sessions'),
  // Secrets.
  listSecrets: route('GET', '/v1/secrets'),
  createSecret: route('POST', '/v1/secrets'),
  readSecret: route('GET', '/v1/secrets/:id'),
  updateSecret: route('PATCH', '/v1/secrets/:id'),
  deleteSecret: route('DELETE', '/v1/secrets/:id'),
  undeleteSecret: route('POST', '/v1/secrets/:id/undelete'),
  purgeSecret: route('DELETE', '/v1/trash/:id'),
  emptyTrash: route('DELETE', '/v1/trash'),
  listSecretVersions: route('GET', '/v1/secrets/:id/versions'),
  destroySecretVersion: route('DELETE', '/v1/secrets/:id/versions/:version'),
  searchSecrets: route('GET', '/v1/search'),
  listFolders: route('GET', '/v1/folders'),
  renameFolder: route('POST', '/v1/folders/rename'),
  // Sharing.
  findPrincipal: route('GET', '/v1/principals/:username'),
  listContacts: route('GET', '/v1/contacts'),
  addContact: route('POST', '/v1/contacts'),
  repinContact: route('PUT', '/v1/contacts/:userId/pin'),
  removeContact: route('DELETE', '/v1/contacts/:userId'),
  contactThread: route('GET', '/v1/contacts/:userId/thread'),
  listSecretGrants: route('GET', '/v1/secrets/:id/grants'),
  shareSecret: route('POST', '/v1/secrets/:id/grants'),
  revokeShare: route('DELETE', '/v1/secrets/:id/grants/:principalId'),
  rotateSecretKey: route('POST', '/v1/secrets/:id/key/rotate'),
  listSharedWithMe: route('GET', '/v1/shared-with-me'),
  listMachineIdentities: route('GET', '/v1/machines'),
  createMachineIdentity: route('POST', '/v1/machines'),
  revokeMachineIdentity: route('DELETE', '/v1/machines/:userId'),
  // Imports: staged in batches, applied all at once.
  beginImport: route('POST', '/v1/imports'),
  stageImport: route('POST', '/v1/imports/:importId/items'),
  commitImport: route('POST', '/v1/imports/:importId/commit'),
  abortImport: route('DELETE', '/v1/imports/:importId'),
  readSecretBatch: route('POST', '/v1/secrets/batch-read'),
  // Administration.
  listAudit: route('GET', '/v1/audit'),
  verifyAudit: route('GET', '/v1/audit/verify'),
  exportAudit: route('GET', '/v1/audit/export'),
  pruneAudit: route('POST', '/v1/audit/prune'),
  listClients: route('GET', '/v1/clients'),
  endClientSession: route('DELETE', '/v1/clients/:sessionId'),
  listLoginHistory: route('GET', '/v1/logins'),
  checkReachability: route('POST', '/v1/clients/reachability'),
  listBackups: route('GET', '/v1/backups'),
  createBackup: route('POST', '/v1/backups'),
  deleteBackup: route('DELETE', '/v1/backups/:name'),
  setBackupPassphrase: route('PUT', '/v1/backups/passphrase'),
  getSettings: route('GET', '/v1/settings'),
  updateSettings: route('PATCH', '/v1/settings'),
  // Where the server listens, and the CA a client pins (public, also while sealed).
  getNetworkStatus: route('GET', '/v1/network'),
  getServerCa: route('GET', '/v1/ca'),
  // Statistics (staff) and the counters behind /metrics (administrators).
  getStatistics: route('GET', '/v1/statistics'),
  readMetrics: route('GET', '/v1/metrics'),
  scrapeMetrics: route('POST', '/v1/metrics/scrape'),
  getScrapeToken: route('GET', '/v1/metrics/scrape-token'),
  createScrapeToken: route('POST', '/v1/metrics/scrape-token'),
  revokeScrapeToken: route('DELETE', '/v1/metrics/scrape-token'),
  // Certificates (administrators; the CA certificate is public, the overview is for staff).
  listCertificates: route('GET', '/v1/certificates'),
  issueClientCertificate: route('POST', '/v1/certificates'),
  renewCertificate: route('POST', '/v1/certificates/:serial/renew'),
  revokeCertificate: route('POST', '/v1/certificates/:serial/revoke'),
  renewServerCertificate: route('POST', '/v1/tls/server-certificate/renew'),
  replaceServerCertificate: route('PUT', '/v1/tls/server-certificate'),
  downloadCaCertificate: route('GET', '/v1/tls/ca'),
  getAdminOverview: route('GET', '/v1/admin/overview'),
};
