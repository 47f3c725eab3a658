// Which script a crypto worker thread starts from. Beside the bundled command (dist/cli), its bundled body,
// built with it. From the sources, the bundled body too while it was built from these very sources (no
// TypeScript to compile again in each thread: about a second of CPU per worker); else the sources, through
// tsx (slower to start, never wrong).
import { readFileSync, statSync } from 'node:fs';

/** `name` beside `moduleUrl` (the caller's import.meta.url), or dist/cli/`name` when that is up to date. */
export function workerEntry(moduleUrl: string, name: string): URL {
  const beside = new URL(`./${name}`, moduleUrl);
  if (!moduleUrl.endsWith('.ts')) return beside;
  const root = new URL('../', moduleUrl);
  const bundled = new URL(`dist/cli/${name}`, root);
  const inputs = new URL(`dist/cli/${name.replace(/\.mjs$/, '')}.inputs.json`, root);
  return builtFromTheseSources(bundled, inputs, root) ? bundled : beside;
}

/** As the launcher (keyhold.mjs) decides for the command: no source the list names changed since the build. */
function builtFromTheseSources(bundled: URL, list: URL, root: URL): boolean {
  try {
    const built = statSync(bundled).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(list, 'utf8')) as {
      inputs: string[];
    };
    return inputs.length > 0 && inputs.every((input) => statSync(new URL(input, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}
