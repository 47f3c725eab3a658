// PostgreSQL connection URLs: checked before use, and shown anywhere only with the password masked.

/** The URL with its password replaced by ***, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    // libpq also takes the password as a parameter of the URL.
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString().replace('password=%2A%2A%2A', 'password=***');
  } catch {
    return 'postgres://(unparseable URL)';
  }
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
