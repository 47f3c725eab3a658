// Which keys the desktop agent may offer: the SSH-key items (own and shared) marked "use in the SSH agent",
// each with the public key found in it. Read from the vault after unlock; the private keys stay in the vault.
import type { VaultSession } from '../../client/index.ts';
import { sshPublicKeyOf } from '../../client/ssh-public-key.ts';
import type { SecretSummary, SshAgentIdentity } from '../../contract/index.ts';

async function sshKeyItems(vault: VaultSession): Promise<SecretSummary[]> {
  const found: SecretSummary[] = [];
  let offset = 0;
  for (;;) {
    const page = await vault.client.request('listSecrets', {
      path: '/',
      recursive: true,
      offset,
      limit: 500,
    });
    found.push(...page.items.filter((item) => item.type === 'ssh_key'));
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  const { items } = await vault.sharing.sharedWithMe();
  found.push(...items.filter((item) => item.type === 'ssh_key' && item.deletedAt === null));
  return found;
}

export async function vaultAgentIdentities(vault: VaultSession): Promise<SshAgentIdentity[]> {
  const identities: SshAgentIdentity[] = [];
  for (const item of await sshKeyItems(vault)) {
    const opened = await vault.readSecret(item.id).catch(() => null);
    if (opened?.payload.sshAgent !== true) continue;
    const publicKey = sshPublicKeyOf(opened.payload.value, opened.payload.fields);
    if (!publicKey) continue;
    const folder = item.path === '/' ? '' : item.path;
    identities.push({ itemId: item.id, name: `${folder}/${item.name}`, publicKey });
  }
  return identities;
}

/** The private key of a marked SSH-key item, for one signature; null if it is not (or no longer) one. */
export async function agentPrivateKey(vault: VaultSession, itemId: string): Promise<string | null> {
  const opened = await vault.readSecret(itemId).catch(() => null);
  if (opened?.type !== 'ssh_key' || opened.payload.sshAgent !== true) return null;
  return opened.payload.value;
}
