// Every key the renderer caches server (and desktop) data under, in one place: a change refreshes what it
// touched by the same key the data was stored under, and two screens showing one answer share one entry.
// A key that is a prefix of others (`secrets`) refreshes all of them at once.
import type { AuditFilterInput, InputOf, StatsRange } from '../../contract/index.ts';

type LoginFilter = Omit<InputOf<'listLoginHistory'>, 'cursor' | 'limit'>;

export const queryKeys = {
  // Before sign-in, and this computer.
  status: ['status'],
  passwordRules: ['password-rules'],
  keychain: ['keychain'],
  appMode: ['app-mode'],

  // The vault.
  folders: ['folders'],
  secrets: ['secrets'],
  /** A page of a list: `source` is what is listed (a folder, the trash, a search), as use-secret-pages.ts has it. */
  secretPage: <Source extends { kind: string }>(source: Source, page: number) =>
    ['secrets', source, page] as const,
  secret: (id: string) => ['secret', id] as const,
  secretAtVersion: (id: string, version: number | null) => ['secret', id, 'version', version] as const,
  versions: (id: string) => ['versions', id] as const,
  /**
   * A page of the window's own search-index matches in a scope (search-protocol.ts): `generation` moves
   * whenever the index re-syncs.
   */
  searchIndexPage: (generation: number, scope: string, query: string, page: number) =>
    ['search-index', generation, scope, query, page] as const,
  sharedWithMe: ['shared-with-me'],
  sharedWithMeMatching: (query: string) => ['shared-with-me', query] as const,

  // Shared keys.
  contacts: ['contacts'],
  contactsMatching: (query: string) => ['contacts', query] as const,
  threads: ['thread'],
  thread: (userId: string) => ['thread', userId] as const,
  grants: (secretId: string) => ['grants', secretId] as const,
  shareCandidates: (query: string) => ['share-search', query] as const,
  machines: ['machines'],

  // One-time links: the caller's own, polled while shown (use-share-links.ts).
  shareLinks: ['share-links'],

  // Administration.
  users: ['users'],
  usersMatching: (query: string) => ['users', query] as const,
  serverSettings: ['settings', 'server'],
  networkStatus: ['network-status'],
  adminOverview: ['admin-overview'],
  certificates: ['certificates'],
  caCertificate: ['ca-certificate'],
  clients: ['clients'],
  logins: (filter: LoginFilter) => ['logins', filter] as const,
  audit: ['audit'],
  auditPage: (filter: AuditFilterInput, cursor: string | null) => ['audit', filter, cursor] as const,
  statistics: (range: StatsRange) => ['statistics', range] as const,
  scrapeToken: ['scrape-token'],
  backups: ['backups'],
} as const;
