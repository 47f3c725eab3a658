// The version keyhold reports: set at bundle time (build-bundle.mjs), else read from package.json.
import { readFileSync } from 'node:fs';

declare const KEYHOLD_CLI_VERSION: string | undefined;

export function cliVersion(): string {
  if (typeof KEYHOLD_CLI_VERSION === 'string') return KEYHOLD_CLI_VERSION;
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
