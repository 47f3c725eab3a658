// Finding secrets by folder and name among those the caller owns and those shared with the caller.

import type { VaultSession } from '../client/vault-session.ts';
import type { SecretSummary } from '../contract/index.ts';
import type { SecretIdRef, SecretPath } from './arguments.ts';
import { CliError } from './errors.ts';

export interface FoundSecret extends SecretSummary {
  /** Who owns it: null for the caller's own. */
  ownerName: string | null;
  permission: 'owner' | 'read' | 'write';
}

/** The caller's own secrets directly in a folder (not its subfolders), every page. */
async function ownedIn(session: VaultSession, folder: string): Promise<FoundSecret[]> {
  const found: FoundSecret[] = [];
  let offset = 0;
  for (;;) {
    const page = await session.client.request('listSecrets', {
      path: folder,
      recursive: false,
      offset,
      limit: 500,
    });
    for (const item of page.items) {
      if (item.path === folder) found.push({ ...item, ownerName: null, permission: 'owner' });
    }
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return found;
  }
}

/** The caller's own secrets named exactly so in a folder, found through the search index (a folder may be large). */
async function ownedNamed(session: VaultSession, folder: string, name: string): Promise<FoundSecret[]> {
  const found: FoundSecret[] = [];
  let offset = 0;
  for (;;) {
    const page = await session.client.request('searchSecrets', { query: name, offset, limit: 500 });
    for (const item of page.items) {
      if (item.path === folder && item.name === name)
        found.push({ ...item, ownerName: null, permission: 'owner' });
    }
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return found;
  }
}

async function sharedIn(session: VaultSession, folder: string, name?: string): Promise<FoundSecret[]> {
  const { items } = await session.sharing.sharedWithMe(name);
  return items
    .filter(
      (item) => item.path === folder && item.deletedAt === null && (name === undefined || item.name === name),
    )
    .map(({ ownerId: _ownerId, grantedAt: _grantedAt, ownerName, permission, ...summary }) => ({
      ...summary,
      ownerName,
      permission,
    }));
}

/**
 * Secrets directly in a folder: the caller's own and those shared with the caller. A machine identity is
 * looked up the same way as a person: what it wrote with put is its own, and it must find it again.
 */
export async function secretsInFolder(session: VaultSession, folder: string): Promise<FoundSecret[]> {
  const owned = await ownedIn(session, folder);
  return [...owned, ...(await sharedIn(session, folder))];
}

/** Secrets in a folder and every folder below it: the caller's own and those shared with the caller. */
export async function secretsUnder(session: VaultSession, folder: string): Promise<FoundSecret[]> {
  const found: FoundSecret[] = [];
  let offset = 0;
  for (;;) {
    const page = await session.client.request('listSecrets', {
      path: folder,
      recursive: true,
      offset,
      limit: 500,
    });
    found.push(...page.items.map((item) => ({ ...item, ownerName: null, permission: 'owner' as const })));
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  const below = (path: string) => folder === '/' || path === folder || path.startsWith(`${folder}/`);
  const { items } = await session.sharing.sharedWithMe();
  for (const { ownerId: _o, grantedAt: _g, ownerName, permission, ...summary } of items) {
    if (summary.deletedAt === null && below(summary.path)) found.push({ ...summary, ownerName, permission });
  }
  return found;
}

/**
 * Whether a folder exists for the caller: it (or a folder below it) holds a secret of theirs or one shared
 * with them. Folders are not stored on their own, so an empty folder is a folder that does not exist.
 */
export async function folderExists(session: VaultSession, folder: string): Promise<boolean> {
  if (folder === '/') return true;
  const inside = (path: string) => path === folder || path.startsWith(`${folder}/`);
  const { folders } = await session.client.request('listFolders', {});
  if (folders.some((f) => f.count > 0 && inside(f.path))) return true;
  const { items } = await session.sharing.sharedWithMe();
  return items.some((item) => item.deletedAt === null && inside(item.path));
}

/** The one secret at a path, null when there is none; more than one is an error naming whose they are. */
export async function findSecretOrNull(session: VaultSession, at: SecretPath): Promise<FoundSecret | null> {
  const owned = await ownedNamed(session, at.folder, at.name);
  const matches = [...owned, ...(await sharedIn(session, at.folder, at.name))];
  if (matches.length === 0) return null;
  if (matches.length > 1) {
    const whose = matches
      .map((m) => (m.ownerName === null ? 'yours' : `shared by ${m.ownerName}`))
      .join(', ');
    throw new CliError(`${at.display} is ambiguous: ${matches.length} secrets have that path (${whose})`);
  }
  return matches[0]!;
}

/** Exactly one secret at a path, or one clear line saying there is none or more than one. */
export async function findSecret(session: VaultSession, at: SecretPath): Promise<FoundSecret> {
  const found = await findSecretOrNull(session, at);
  if (!found) throw new CliError(`no secret at ${at.display}`);
  return found;
}

/**
 * A secret by path, or by id without any lookup: the server alone decides whether the caller may read it
 * (and audits a refusal). The owner of a secret named by id is not looked up.
 */
export async function findSecretRef(
  session: VaultSession,
  ref: SecretPath | SecretIdRef,
): Promise<FoundSecret & { ownerKnown: boolean }> {
  if (!('id' in ref)) return { ...(await findSecret(session, ref)), ownerKnown: true };
  const {
    value: _value,
    wrappedKey: _key,
    valueVersion: _v,
    createdAt: _c,
    ...summary
  } = await session.client.request('readSecret', { id: ref.id });
  return { ...summary, ownerName: null, permission: 'read', ownerKnown: false };
}
