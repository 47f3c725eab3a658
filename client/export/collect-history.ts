// The older versions of a secret, decrypted here, for an export that carries a vault whole (the archive).
import type { RecordVersion } from '../import/import-types.ts';
import type { VaultSession } from '../vault-session.ts';

/**
 * Every kept version of a secret older than `current`, oldest first. Destroyed versions have no value left
 * and are left out; the version numbers are not kept (an import numbers them again from 1).
 */
export async function olderVersions(
  session: VaultSession,
  id: string,
  current: number,
): Promise<RecordVersion[]> {
  const { versions } = await session.client.request('listSecretVersions', { id });
  const older = versions
    .filter((v) => v.version < current && !v.destroyed)
    .sort((a, b) => a.version - b.version);
  const out: RecordVersion[] = [];
  for (const v of older) {
    const opened = await session.readSecret(id, v.version);
    out.push({ payload: opened.payload, createdAt: v.createdAt });
  }
  return out;
}
