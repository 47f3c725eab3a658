// The sealed metadata of a secret: what the server may see (to list and search) but keeps encrypted at rest.
import { z } from 'zod';
import { secretTypeSchema } from '../../contract/index.ts';
import type { Binding } from '../keyring/index.ts';

export const secretMetaSchema = z.object({
  name: z.string(),
  path: z.string(),
  tags: z.array(z.string()),
  type: secretTypeSchema,
});
export type SecretMeta = z.infer<typeof secretMetaSchema>;

export const metaBinding = (id: string, version: number): Binding => ({
  table: 'secrets',
  id,
  column: 'meta',
  version,
});
export const valueBinding = (id: string, version: number): Binding => ({
  table: 'secret_versions',
  id: `${id}:${version}`,
  column: 'value',
  version,
});
export const wrappedKeyBinding = (secretId: string, principalId: string, generation: number): Binding => ({
  table: 'shares',
  id: `${secretId}:${principalId}`,
  column: 'wrapped_key',
  version: generation,
});
