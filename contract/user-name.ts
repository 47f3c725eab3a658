// The one normalisation of a user name: the rate limiter, pre-login, login and the name index all use it.

/**
 * Trimmed, Unicode NFC, lower case (locale-independent). Applied once to whatever a caller typed, so that
 * " Root", "root " and "ROOT" are one name for every counter and lookup, and padding dodges nothing.
 */
export function normalizeUserName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}
