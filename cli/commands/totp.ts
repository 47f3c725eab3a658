// keyhold totp: the current one-time code of a secret's totp field, computed here (the server never sees
// the setup), for scripts that sign in to a service with two-factor authentication.
import type { Command } from 'commander';
import { parseSecretRef } from '../arguments.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { oneTimeCode } from '../one-time-code.ts';
import { printJson, printValue } from '../output.ts';
import { findSecretRef } from '../vault-lookup.ts';

async function totp(store: ConfigStore, pathText: string, options: { json?: boolean }): Promise<void> {
  const at = parseSecretRef(pathText);
  await withSession(store, async ({ session }) => {
    const found = await findSecretRef(session, at);
    const { payload } = await session.readSecret(found.id);
    const now = oneTimeCode(at.display, payload.fields);
    if (options.json)
      printJson({ path: at.display, code: now.code, secondsLeft: now.secondsLeft, period: now.period });
    else printValue(now.code);
  });
}

export function registerTotp(program: Command, store: ConfigStore): void {
  program
    .command('totp')
    .summary("print a secret's current one-time code")
    .description(
      "Print the current one-time code (TOTP, RFC 6238) of a secret's totp field and nothing else. The field " +
        'holds an otpauth:// address or a base32 secret, as the importers and the window write it. With ' +
        '--json, also how many seconds the code stays valid.',
    )
    .argument('<path>', 'the secret, e.g. /web/github, or id:UUID')
    .option('--json', 'print {path, code, secondsLeft, period}')
    .action((pathText: string, options: { json?: boolean }) => totp(store, pathText, options));
}
