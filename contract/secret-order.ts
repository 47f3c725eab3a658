// The order secrets are listed and searched in, and the text a name search looks in: one definition for
// the server's index (server/secrets/secret-index.ts) and the window's own search index, which answers
// name searches itself once it holds the whole vault, and must give the same rows in the same order.

/** Path segments joined by \u0001 (the root is empty): a folder's subtree is one contiguous range of keys. */
export const secretPathKey = (path: string): string => (path === '/' ? '' : path.replaceAll('/', '\u0001'));

/**
 * A folder's secrets in one run, ordered by name without case, then by id (two secrets may share a name).
 * Compared with `<` on UTF-16 code units, the same in Node and every browser.
 */
export const secretSortKey = (s: { path: string; name: string; id: string }): string =>
  `${secretPathKey(s.path)}\u0000${s.name.toLowerCase()}\u0000${s.id}`;

/**
 * What a name search looks in: name, folder and tags, one per line, lower-cased. Newlines cannot occur in
 * names, paths or tags, so a match never spans two of them.
 */
export const secretSearchText = (s: { name: string; path: string; tags: readonly string[] }): string =>
  [s.name, s.path, ...s.tags].join('\n').toLowerCase();
