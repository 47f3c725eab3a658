// keyhold machine and keyhold user: machine identities (made here, their token file written owner-only) and
// user accounts (created with an enrollment code, listed, disabled, given a role), through the contract's
// operations in the signed-in session.
import { existsSync, lstatSync } from 'node:fs';
import type { Command } from 'commander';
import { createMachineIdentity } from '../../client/machine-identity.ts';
import type { VaultSession } from '../../client/vault-session.ts';
import { displayNameSchema, usernameSchema } from '../../contract/common.ts';
import { roleSchema, roles } from '../../contract/roles.ts';
import type { ConfigStore } from '../config-store.ts';
import { withSession } from '../connection.ts';
import { CliError, UsageError } from '../errors.ts';
import { note, printJson, printLine, printTable } from '../output.ts';
import { writePrivateFile } from '../private-file.ts';

function parseName(text: string, argument: string): string {
  const parsed = usernameSchema.safeParse(text);
  if (!parsed.success) throw new UsageError(`${argument} "${text}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function parseDisplayName(text: string | undefined, fallback: string): string {
  const parsed = displayNameSchema.safeParse(text ?? fallback);
  if (!parsed.success) throw new UsageError(`--display-name: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

interface MachineCreateOptions {
  displayName?: string;
  out: string;
  force?: boolean;
}

async function machineCreate(store: ConfigStore, nameText: string, options: MachineCreateOptions) {
  const username = parseName(nameText, 'NAME');
  const displayName = parseDisplayName(options.displayName, username);
  const toStdout = options.out === '-';
  if (!toStdout && existsSync(options.out) && !options.force) {
    const kind = lstatSync(options.out).isDirectory() ? 'a folder' : 'a file';
    throw new CliError(`--out ${options.out}: ${kind} is there already; pass --force to replace it`);
  }
  await withSession(store, async ({ session, config }) => {
    const { principal, token } = await createMachineIdentity(session.client, {
      username,
      displayName,
      server: config.server,
    });
    const text = `${JSON.stringify(token, null, 2)}\n`;
    if (toStdout) process.stdout.write(text);
    else writePrivateFile(options.out, text, 0o600, '--out');
    note(
      `Created the machine identity ${principal.username}` +
        (toStdout ? '; its token is on stdout.' : `; its token is in ${options.out} (mode 600).`) +
        ' It signs in with keyhold login --token FILE or KEYHOLD_TOKEN, and sees only what you share with it.',
    );
  });
}

async function machineRevoke(store: ConfigStore, nameText: string) {
  const username = parseName(nameText, 'NAME');
  await withSession(store, async ({ session }) => {
    const { machines } = await session.client.request('listMachineIdentities', {});
    const machine = machines.find((m) => m.username === username && m.isActive);
    if (!machine) throw new CliError(`you have no active machine identity named ${username}`);
    const { rotated } = await session.sharing.revokeMachine(machine.userId);
    note(
      `Revoked ${username}: it cannot sign in, its sessions ended, and the ${rotated} secret${rotated === 1 ? '' : 's'} ` +
        'it held got new keys.',
    );
  });
}

async function machineList(store: ConfigStore, options: { json?: boolean }) {
  await withSession(store, async ({ session }) => {
    const { machines } = await session.client.request('listMachineIdentities', {});
    const rows = machines.map((m) => ({
      userId: m.userId,
      username: m.username,
      displayName: m.displayName,
      active: m.isActive,
      createdAt: m.createdAt,
    }));
    if (options.json) printJson(rows);
    else if (rows.length === 0) note('You have made no machine identity.');
    else {
      printTable(
        ['NAME', 'DISPLAY NAME', 'STATE', 'CREATED'],
        rows.map((m) => [
          m.username,
          m.displayName,
          m.active ? 'active' : 'revoked',
          m.createdAt.slice(0, 16).replace('T', ' '),
        ]),
      );
    }
  });
}

/** A user by exact name, through the filtered list (a server may have many). */
async function findUser(session: VaultSession, username: string) {
  const { users } = await session.client.request('listUsers', { query: username });
  const user = users.find((u) => u.username === username);
  if (!user) throw new CliError(`no user named ${username}`);
  return user;
}

function parseRole(text: string): (typeof roles)[number] {
  const parsed = roleSchema.safeParse(text);
  if (!parsed.success) throw new UsageError(`ROLE "${text}": must be one of ${roles.join(', ')}`);
  return parsed.data;
}

async function userCreate(
  store: ConfigStore,
  nameText: string,
  options: { displayName?: string; role: string; json?: boolean },
) {
  const username = parseName(nameText, 'NAME');
  const displayName = parseDisplayName(options.displayName, username);
  const role = parseRole(options.role);
  await withSession(store, async ({ session }) => {
    const created = await session.client.request('createUser', { username, displayName, role });
    if (options.json) printJson({ username, role, ...created });
    else printLine(created.enrollmentCode);
    note(
      `Created ${username} (${role}). Hand them the enrollment code above, valid until ${created.expiresAt}: ` +
        'they choose their password with it in the window (their keys are made on their device).',
    );
  });
}

async function userList(store: ConfigStore, options: { json?: boolean }) {
  await withSession(store, async ({ session }) => {
    const { users } = await session.client.request('listUsers', {});
    if (options.json) {
      printJson(users);
      return;
    }
    printTable(
      ['NAME', 'DISPLAY NAME', 'ROLE', 'STATE'],
      users.map((u) => [
        u.username,
        u.displayName,
        u.role,
        !u.isActive ? 'disabled' : !u.enrolled ? 'not enrolled' : u.lockedUntil ? 'locked' : 'active',
      ]),
    );
  });
}

async function userChange(
  store: ConfigStore,
  nameText: string,
  change: { kind: 'disable' } | { kind: 'enable' } | { kind: 'role'; role: string },
) {
  const username = parseName(nameText, 'NAME');
  const role = change.kind === 'role' ? parseRole(change.role) : null;
  await withSession(store, async ({ session }) => {
    const user = await findUser(session, username);
    if (change.kind === 'disable') {
      await session.client.request('disableUser', { userId: user.id });
      note(
        `Disabled ${username}: they cannot sign in and their sessions ended. keyhold user enable undoes it.`,
      );
    } else if (change.kind === 'enable') {
      await session.client.request('enableUser', { userId: user.id });
      note(`Enabled ${username}.`);
    } else if (role !== null) {
      await session.client.request('setUserRole', { userId: user.id, role });
      note(`${username} is now ${role === 'admin' ? 'an' : 'a'} ${role}.`);
    }
  });
}

export function registerAdminAccounts(program: Command, store: ConfigStore): void {
  const machine = program
    .command('machine')
    .summary('machine identities for CI: create, list, revoke')
    .description(
      'Machine identities you own: a CI job or service signs in with its token file and reads only what you ' +
        'share with it.\n\nExit codes: 0 done, 1 failed, 2 bad usage.',
    );
  machine
    .command('create')
    .description(
      'Make a machine identity. Its key pair and sign-in secret are made here; the token file that carries ' +
        'them (and the private key) is written readable by you only, and never over an existing file unless ' +
        '--force. Share secrets with it afterwards: keyhold share PATH --with NAME.',
    )
    .argument('<name>', 'its user name, e.g. ci-deploy')
    .requiredOption('--out <file>', 'where to write the token file (- for stdout)')
    .option('--display-name <name>', 'a name for people (default: NAME)')
    .option('--force', 'replace an existing file')
    .addHelpText(
      'after',
      '\nExamples:\n  keyhold machine create ci-deploy --out ci-deploy.token.json\n' +
        '  keyhold share /ci/db-password --with ci-deploy --yes',
    )
    .action((name: string, options: MachineCreateOptions) => machineCreate(store, name, options));
  machine
    .command('list')
    .description('The machine identities you made, revoked ones included.')
    .option('--json', 'print [{userId, username, displayName, active, createdAt}]')
    .action((options: { json?: boolean }) => machineList(store, options));
  machine
    .command('revoke')
    .description(
      'End a machine identity at once: it cannot sign in, its sessions end, its grants go, and every secret ' +
        'of yours it could read gets a new key.',
    )
    .argument('<name>', 'the machine identity')
    .addHelpText('after', '\nExample:\n  keyhold machine revoke ci-deploy')
    .action((name: string) => machineRevoke(store, name));

  const user = program
    .command('user')
    .summary('user accounts (administrators): create, list, disable, enable, role')
    .description(
      'User accounts, for administrators (moderators may list).\n\nExit codes: 0 done, 1 failed, 2 bad usage.',
    );
  user
    .command('create')
    .description(
      'Create a user. The one-time enrollment code is printed on stdout; the user redeems it in the window ' +
        '(or the web UI) to choose a password, so that their keys are made on their own device.',
    )
    .argument('<name>', 'the user name')
    .option('--display-name <name>', 'a name for people (default: NAME)')
    .option('--role <role>', `one of ${roles.join(', ')}`, 'user')
    .option('--json', 'print {username, role, userId, enrollmentCode, expiresAt}')
    .addHelpText('after', '\nExample:\n  keyhold user create bob --role moderator')
    .action((name: string, options: { displayName?: string; role: string; json?: boolean }) =>
      userCreate(store, name, options),
    );
  user
    .command('list')
    .description('Every user, disabled ones included.')
    .option('--json', 'print the users as JSON')
    .action((options: { json?: boolean }) => userList(store, options));
  user
    .command('disable')
    .description('Disable a user: they cannot sign in, their sessions end; the account and its history stay.')
    .argument('<name>', 'the user name')
    .action((name: string) => userChange(store, name, { kind: 'disable' }));
  user
    .command('enable')
    .description('Let a disabled user sign in again.')
    .argument('<name>', 'the user name')
    .action((name: string) => userChange(store, name, { kind: 'enable' }));
  user
    .command('role')
    .description(`Change a user's role: ${roles.join(', ')}.`)
    .argument('<name>', 'the user name')
    .argument('<role>', roles.join(', '))
    .addHelpText('after', '\nExample:\n  keyhold user role bob admin')
    .action((name: string, role: string) => userChange(store, name, { kind: 'role', role }));
}
