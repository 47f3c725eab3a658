// keyhold:// secret references (as 1Password's op:// ones): keyhold://folder/sub/name[#field] names one
// secret's value, or one of its fields, without holding the value; read, inject and run resolve them here.
import type { VaultSession } from '../client/vault-session.ts';
import { parseSecretPath, type SecretPath } from './arguments.ts';
import { CliError, UsageError } from './errors.ts';
import { oneTimeCode } from './one-time-code.ts';
import { findSecret } from './vault-lookup.ts';

export const REFERENCE_SCHEME = 'keyhold://';

export interface SecretReference extends SecretPath {
  /** A custom field's name; absent for the secret's value. */
  field?: string;
  /** The reference as written, for messages (it holds no secret). */
  text: string;
}

/**
 * A reference in a template or a variable: the scheme, then characters a path and a field may hold without
 * quoting (anything else, a space say, is written %20). It ends at the first character outside these, so
 * `"keyhold://ci/db#password",` in JSON or YAML is found without its quotes and comma.
 */
const REFERENCE_IN_TEXT = /keyhold:\/\/[A-Za-z0-9._~%/+=@:!$&*-]+(?:#[A-Za-z0-9._~%+=@:!$&*-]+)?/g;
/** `{{ keyhold://… }}`, as op inject writes it: inside the braces, any characters but a closing brace. */
const BRACED_IN_TEXT = /\{\{\s*(keyhold:\/\/[^{}\n]+?)\s*\}\}/g;

function decode(part: string, text: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new UsageError(`${text}: a %-escape is not valid (write a space as %20, a % as %25)`);
  }
}

/** Whether a whole value (an environment variable, an env-file line) is a reference. */
export function isReference(value: string): boolean {
  return value.trim().startsWith(REFERENCE_SCHEME);
}

/** keyhold://ci/db/password#user → folder /ci/db, name password, field user; a bad one names what is wrong. */
export function parseReference(raw: string, where = 'reference'): SecretReference {
  const text = raw.trim();
  if (!text.startsWith(REFERENCE_SCHEME)) {
    throw new UsageError(`${where} "${text.slice(0, 80)}": must start with ${REFERENCE_SCHEME}`);
  }
  const body = text.slice(REFERENCE_SCHEME.length);
  const hash = body.indexOf('#');
  const pathPart = hash === -1 ? body : body.slice(0, hash);
  const fieldPart = hash === -1 ? undefined : body.slice(hash + 1);
  if (pathPart === '' || pathPart.endsWith('/')) {
    throw new UsageError(`${where} "${text}": must name a secret, like keyhold://folder/name[#field]`);
  }
  const segments = pathPart.split('/').map((segment) => decode(segment, text));
  if (segments.some((s) => s === '' || s.includes('/'))) {
    throw new UsageError(`${where} "${text}": a folder or name is empty (two slashes in a row?)`);
  }
  const at = parseSecretPath(`/${segments.join('/')}`, `${where} "${text}"`);
  if (fieldPart === undefined) return { ...at, text };
  const field = decode(fieldPart, text);
  if (field.trim() === '' || field.length > 200) {
    throw new UsageError(`${where} "${text}": the field after # must be 1 to 200 characters`);
  }
  return { ...at, field, text };
}

/** Every reference in a template: `{{ keyhold://… }}` and bare keyhold://… alike, with where each sits. */
export function referencesIn(template: string): { start: number; end: number; reference: string }[] {
  const found: { start: number; end: number; reference: string }[] = [];
  for (const m of template.matchAll(BRACED_IN_TEXT)) {
    found.push({ start: m.index, end: m.index + m[0].length, reference: m[1] ?? '' });
  }
  for (const m of template.matchAll(REFERENCE_IN_TEXT)) {
    const inside = found.some((f) => m.index >= f.start && m.index < f.end);
    if (!inside) found.push({ start: m.index, end: m.index + m[0].length, reference: m[0] });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The line and column of an offset, for a template error a person can find. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Resolves references in one session, reading each secret once however often it is named. Custom fields are
 * looked up by name; `#notes` is the notes and `#value` the value (unless a custom field is named so), and
 * `#totp` the current one-time code of the totp field.
 */
export class ReferenceResolver {
  readonly #session: VaultSession;
  readonly #opened = new Map<string, ReturnType<VaultSession['readSecret']>>();
  /** Every value handed out, for --mask. */
  readonly values = new Set<string>();

  constructor(session: VaultSession) {
    this.#session = session;
  }

  async resolve(reference: SecretReference): Promise<string> {
    let opened = this.#opened.get(reference.display);
    if (!opened) {
      opened = findSecret(this.#session, reference).then((found) => this.#session.readSecret(found.id));
      this.#opened.set(reference.display, opened);
    }
    let payload: Awaited<typeof opened>['payload'];
    try {
      ({ payload } = await opened);
    } catch (error) {
      if (error instanceof CliError) throw new CliError(`${reference.text}: ${error.message}`);
      throw error;
    }
    const value = fieldValue(payload, reference);
    this.values.add(value);
    return value;
  }
}

function fieldValue(
  payload: { value: string; notes: string; fields: { name: string; value: string }[] },
  reference: SecretReference,
): string {
  if (reference.field === undefined) return payload.value;
  // #totp is the code of the moment, as a login script needs it; the setup itself stays in the vault
  // (`keyhold get --field totp` prints it where that is really meant).
  if (reference.field.toLowerCase() === 'totp') return oneTimeCode(reference.display, payload.fields).code;
  const field = payload.fields.find((f) => f.name === reference.field);
  if (field) return field.value;
  if (reference.field === 'value') return payload.value;
  if (reference.field === 'notes') return payload.notes;
  const names = payload.fields.map((f) => f.name);
  throw new CliError(
    `${reference.text}: ${reference.display} has no field named "${reference.field}"` +
      (names.length > 0 ? ` (its fields: ${names.join(', ')})` : ' (it has no custom fields)'),
  );
}
