// Validation of what is typed on the command line: secret paths, folders, types and --field pairs.
// A bad argument is a usage error (exit code 2) whose message names the argument.
import { z } from 'zod';
import { pathSchema, secretNameSchema, secretTypeSchema, secretTypes } from '../contract/common.ts';
import { UsageError } from './errors.ts';

export interface SecretPath {
  folder: string;
  name: string;
  /** As a person would write it back: /folder/name. */
  display: string;
}

function check<T>(schema: z.ZodType<T>, value: unknown, argument: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(`${argument}: ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
}

/** A folder: "/" or "/a/b"; a missing leading slash is added and a trailing one dropped. */
export function parseFolder(text: string, argument = 'FOLDER'): string {
  const trimmed = text.trim();
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  const folder = withSlash.length > 1 ? withSlash.replace(/\/+$/, '') : withSlash;
  return check(pathSchema, folder || '/', `${argument} "${text}"`);
}

/** "/ci/db-password" → folder /ci, name db-password; "name" or "/name" → a secret at the root. */
export function parseSecretPath(text: string, argument = 'PATH'): SecretPath {
  if (text.trim() === '' || text.trim().endsWith('/')) {
    throw new UsageError(`${argument} "${text}": must name a secret, like /folder/name`);
  }
  const withSlash = text.startsWith('/') ? text : `/${text}`;
  const cut = withSlash.lastIndexOf('/');
  const folder = cut === 0 ? '/' : check(pathSchema, withSlash.slice(0, cut), `${argument} "${text}"`);
  const name = check(secretNameSchema, withSlash.slice(cut + 1), `${argument} "${text}"`);
  return { folder, name, display: folder === '/' ? `/${name}` : `${folder}/${name}` };
}

/** A secret named by its id (as `ls --json` prints it): `id:UUID`. */
export interface SecretIdRef {
  id: string;
  display: string;
}

/** PATH as get and history take it: a path, or `id:UUID` to name one secret exactly. */
export function parseSecretRef(text: string, argument = 'PATH'): SecretPath | SecretIdRef {
  if (!text.startsWith('id:')) return parseSecretPath(text, argument);
  const id = check(
    z.uuid({ message: 'must be id: followed by a UUID' }),
    text.slice(3),
    `${argument} "${text}"`,
  );
  return { id, display: text };
}

export function parseSecretType(text: string): (typeof secretTypes)[number] {
  const parsed = secretTypeSchema.safeParse(text);
  if (parsed.success) return parsed.data;
  throw new UsageError(`--type "${text}": must be one of ${secretTypes.join(', ')}`);
}

const fieldSchema = z
  .string()
  .regex(/^[^=]+=[\s\S]*$/, { message: 'must look like NAME=VALUE' })
  .transform((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1) };
  })
  .refine((f) => f.name.length > 0 && f.name.length <= 200, { message: 'the field name must not be empty' });

/** --field NAME=VALUE, repeatable; the value is shown in no error message. */
export function parseFieldPair(text: string, previous: { name: string; value: string }[] = []) {
  const parsed = fieldSchema.safeParse(text);
  if (!parsed.success) {
    // Without '=' the text may be a value typed in the wrong place: it is not repeated back.
    const shown = text.includes('=') ? ` "${text.slice(0, text.indexOf('='))}=…"` : '';
    throw new UsageError(`--field${shown}: ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  }
  return [...previous, parsed.data];
}

/** A version number as history lists them: a whole number from 1. */
export function parseVersionNumber(text: string, argument: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(text.trim())) {
    throw new UsageError(`${argument} "${text}": must be a version number (1, 2, …)`);
  }
  return Number(text.trim());
}
