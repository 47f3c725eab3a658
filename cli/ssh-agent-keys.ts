// The vault as the agent's key source: the caller's SSH-key items (own and granted) marked "use in the SSH
// agent". Public keys are read once at start; each private key is read again from the server for the one
// signature that needs it, and dropped.
import type { VaultSession } from '../client/vault-session.ts';
import type { AgentIdentity, KeySource } from '../ssh-agent/agent-server.ts';
import { publicKeyOfPrivate } from '../ssh-agent/public-key.ts';
import { joinPath, note } from './output.ts';
import { secretsUnder } from './vault-lookup.ts';

/** The marked SSH-key items the caller can read; an unreadable or unusable key is named on stderr and skipped. */
export async function loadAgentIdentities(session: VaultSession): Promise<AgentIdentity[]> {
  const identities: AgentIdentity[] = [];
  for (const item of await secretsUnder(session, '/')) {
    if (item.type !== 'ssh_key') continue;
    const { payload } = await session.readSecret(item.id);
    if (payload.sshAgent !== true) continue;
    const where = joinPath(item.path, item.name);
    const publicKey = publicKeyOfPrivate(payload.value);
    if (publicKey instanceof Error) {
      note(`keyhold: ${where} is not offered: ${publicKey.message}`);
      continue;
    }
    identities.push({ id: item.id, comment: where, publicKey });
  }
  return identities;
}

/**
 * A key source over a fixed list, reading private keys with `withVault` (one short session each time, so other
 * keyhold commands are not kept waiting). An item no longer marked, or gone, gives no key.
 */
export function vaultKeySource(
  identities: AgentIdentity[],
  withVault: <T>(work: (session: VaultSession) => Promise<T>) => Promise<T>,
): KeySource {
  return {
    list: async () => identities,
    privateKey: async (id) => {
      if (!identities.some((identity) => identity.id === id)) return null;
      return withVault(async (session) => {
        const { payload } = await session.readSecret(id);
        return payload.sshAgent === true ? payload.value : null;
      });
    },
  };
}
