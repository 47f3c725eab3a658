// PostgreSQL connection URLs: checked before use, and shown anywhere only with the password masked.

/**
 * The URL with its passwords replaced by ***, for logs and error messages: the user-info password
 * (scheme://user:secret@host) and a password= parameter (libpq takes both). Works on any text holding
 * URLs too, such as a driver's error message.
 */
export function redactDatabaseUrl(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/]*@/gi, '$1***@')
    .replace(/([?&]password=)[^&\s#]*/gi, '$1***');
}

/** null when the URL is a usable postgres:// or postgresql:// URL, else what is wrong with it. */
export function checkDatabaseUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL; give postgres://user:password@host:port/database';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `must start with postgres:// or postgresql:// (got ${parsed.protocol}//)`;
  }
  if (!parsed.hostname) return 'names no host';
  if (parsed.pathname.length <= 1) return 'names no database (…/database at the end)';
  return null;
}
