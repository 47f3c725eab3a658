// Seals and opens JSON values under the keyring, bound to their row; parsing is schema-checked on the way out.
import type { z } from 'zod';
import type { Binding, Keyring } from '../keyring/index.ts';

export function sealJson(keyring: Keyring, binding: Binding, value: unknown): Buffer {
  return keyring.encrypt(JSON.stringify(value), binding);
}

export function openJson<S extends z.ZodType>(
  keyring: Keyring,
  blob: Buffer,
  binding: Binding,
  schema: S,
): z.output<S> {
  return schema.parse(JSON.parse(keyring.decryptString(blob, binding)));
}
