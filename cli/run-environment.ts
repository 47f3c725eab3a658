// What `keyhold run` adds to its child's environment: the secrets of the folders asked for (with their custom
// fields as NAME_FIELD), the lines of --env-file files, and every keyhold:// reference among the variables,
// all resolved in one session before the child starts. Everything goes or nothing does: a missing folder, a
// bad reference or two secrets with one name stop the command before it runs.
import { readFileSync } from 'node:fs';
import { envName } from '../client/export/format-plain.ts';
import { readDotenv } from '../client/import/parse-dotenv.ts';
import type { VaultSession } from '../client/vault-session.ts';
import { CliError, UsageError } from './errors.ts';
import { note } from './output.ts';
import { isReference, parseReference, ReferenceResolver } from './secret-reference.ts';
import { type FoundSecret, folderExists, secretsInFolder, secretsUnder } from './vault-lookup.ts';

export interface EnvFileLine {
  name: string;
  value: string;
  /** FILE:LINE, for messages. */
  where: string;
}

/** An env file's NAME=value lines (dotenv's rules); read before signing in, so a typo costs no sign-in. */
export function readEnvFile(file: string): EnvFileLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`--env-file ${file}: cannot read it (${reason})`);
  }
  let lines: ReturnType<typeof readDotenv>;
  try {
    lines = readDotenv(text);
  } catch (error) {
    // readDotenv names the line and what is wrong with it, never a value.
    throw new UsageError(`--env-file ${file}: ${error instanceof Error ? error.message : 'not valid'}`);
  }
  return lines.map((l) => ({ name: l.key, value: l.value, where: `${file}:${l.line}` }));
}

/** A variable name for a secret (or one of its fields); two that collide are an error naming both. */
class NameTable {
  readonly #taken = new Map<string, string>();

  add(name: string, what: string): void {
    const earlier = this.#taken.get(name);
    if (earlier !== undefined) {
      throw new CliError(`${earlier} and ${what} would both be ${name}; rename one — nothing was run`);
    }
    this.#taken.set(name, what);
  }
}

/** Environment names for a folder's secrets (as export prints them); two that would share a name stop everything. */
export function environmentNames(secrets: FoundSecret[]): Map<string, FoundSecret> {
  const names = new NameTable();
  const byName = new Map<string, FoundSecret>();
  for (const secret of secrets) {
    const name = variableFor(secret.name, `the secret name ${describeSecret(secret)}`);
    names.add(name, describeSecret(secret));
    byName.set(name, secret);
  }
  return byName;
}

function describeSecret(s: FoundSecret): string {
  return `"${s.name}"${s.ownerName ? ` (shared by ${s.ownerName})` : ''}`;
}

/** envName, with a name that gives no variable said as a failure of the command rather than a crash. */
function variableFor(text: string, what: string): string {
  try {
    return envName(text);
  } catch {
    throw new CliError(`${what} gives no environment variable name; rename it — nothing was run`);
  }
}

export interface RunSources {
  folders: string[];
  recursive: boolean;
  envFiles: EnvFileLine[];
}

/** Variables to set (over the inherited ones) and every secret value among them, for --mask. */
export interface RunEnvironment {
  variables: Record<string, string>;
  values: Set<string>;
}

async function folderVariables(
  session: VaultSession,
  sources: RunSources,
  out: RunEnvironment,
): Promise<void> {
  const names = new NameTable();
  const seen = new Set<string>();
  const secrets: FoundSecret[] = [];
  for (const folder of sources.folders) {
    if (!(await folderExists(session, folder))) {
      throw new CliError(
        `--folder ${folder}: there is no such folder (no secret of yours or shared with you is in it) — nothing was run`,
      );
    }
    const found = sources.recursive
      ? await secretsUnder(session, folder)
      : await secretsInFolder(session, folder);
    if (found.length === 0)
      note(`keyhold: no secrets directly in ${folder} (its subfolders need --recursive)`);
    // A folder given twice, or inside another with --recursive, adds each secret once.
    for (const secret of found) {
      if (!seen.has(secret.id)) {
        seen.add(secret.id);
        secrets.push(secret);
      }
    }
  }
  const plan = secrets.map((secret) => {
    const name = variableFor(secret.name, `the secret name ${describeSecret(secret)}`);
    names.add(name, describeSecret(secret));
    return { secret, name };
  });
  for (const { secret, name } of plan) {
    const { payload } = await session.readSecret(secret.id);
    out.variables[name] = payload.value;
    out.values.add(payload.value);
    for (const field of payload.fields) {
      const fieldName = `${name}_${variableFor(field.name, `the field "${field.name}" of ${describeSecret(secret)}`)}`;
      names.add(fieldName, `the field "${field.name}" of ${describeSecret(secret)}`);
      out.variables[fieldName] = field.value;
      out.values.add(field.value);
    }
  }
}

/**
 * The child's additions, in this order of precedence (later wins): inherited variables holding a
 * keyhold:// reference (resolved in place), the folders' secrets, then the env files' lines.
 */
export async function buildRunEnvironment(
  session: VaultSession,
  sources: RunSources,
  inherited: NodeJS.ProcessEnv,
): Promise<RunEnvironment> {
  const out: RunEnvironment = { variables: {}, values: new Set() };
  const resolver = new ReferenceResolver(session);
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && isReference(value)) {
      out.variables[name] = await resolver.resolve(parseReference(value, `the variable ${name}`));
    }
  }
  await folderVariables(session, sources, out);
  for (const line of sources.envFiles) {
    out.variables[line.name] = isReference(line.value)
      ? await resolver.resolve(parseReference(line.value, line.where))
      : line.value;
  }
  for (const value of resolver.values) out.values.add(value);
  return out;
}

/** Checks every reference before signing in: a typo in a file or a variable is a usage error at once. */
export function checkReferences(sources: RunSources, inherited: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && isReference(value)) parseReference(value, `the variable ${name}`);
  }
  for (const line of sources.envFiles) {
    if (isReference(line.value)) parseReference(line.value, line.where);
  }
}
