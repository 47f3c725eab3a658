// Screens get their data through hooks: no component file (.tsx) calls the contract client or runs a query
// of its own, and every cache key a hook uses comes from query-keys.ts, so a change refreshes what it touched.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full, pattern);
    return pattern.test(name) && !name.includes('.test.') ? [full] : [];
  });
}

/** What only a hook may do: call the contract client (directly or through the vault session), or query. */
const DATA_CALLS =
  /\.request\(|\bvault\.(sharing\.|readSecret\(|createSecret\(|updateSecret\(|changePassword\()|\bVaultSession\.|\buse(Query|Queries|Mutation|InfiniteQuery)\(/;

describe('data through hooks', () => {
  it('no component file calls the contract client or runs a query itself', () => {
    // Context providers (`*-context.tsx`) are not screens: they own state that outlives one, such as the
    // vault session itself, which signing in creates.
    const offenders = sources(root, /(?<!-context)\.tsx$/).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(root, file)}:${i + 1}` }))
        .filter(({ line }) => DATA_CALLS.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the query keys of the screens\u2019 hooks come from query-keys.ts, not written out where they are used', () => {
    const written = sources(root, /^use-.*\.ts$/).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/queryKey: \[/g)].map(() => path.relative(root, file)),
    );
    expect(written).toEqual([]);
  });
});
