// The SSH agent end to end with the real OpenSSH tools and a real server: keys made by ssh-keygen are stored as
// SSH-key items, only those marked "use in the SSH agent" are listed by ssh-add -L, ssh-keygen -Y sign signs
// through the agent and -Y verify accepts it; a refused approval fails the signature; a locked vault lists and
// signs nothing. Both the agent core (with a vault key source and an approval the test answers) and the
// keyhold ssh-agent command (a child process, for a person and for a machine identity) are driven.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadAgentIdentities, vaultKeySource } from '../cli/ssh-agent-keys.ts';
import { TEST_KDF_PARAMS } from '../client/crypto/kdf.ts';
import { createMachineIdentity } from '../client/machine-identity.ts';
import type { VaultSession } from '../client/vault-session.ts';
import { type KeySource, type RunningAgent, startAgent } from '../ssh-agent/agent-server.ts';
import type { SignAnswer, SignQuestion } from '../ssh-agent/approval.ts';
import { type CliUser, cliLogin, cliUser } from './cli/cli-harness.ts';
import {
  agentKeyLines,
  makeSshKey,
  signWithAgent,
  type TestSshKey,
  verifySignature,
} from './support/openssh.ts';
import { ADMIN, initAndLoginAdmin, startTestServer, type TestServer } from './support/test-server.ts';

vi.setConfig({ testTimeout: 120_000 });

const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-ssh-agent-'));
let t: TestServer;
let admin: VaultSession;
let keys: { ed25519: TestSshKey; ecdsa: TestSshKey; rsa: TestSshKey; unmarked: TestSshKey };
const marked = () => [keys.ed25519, keys.ecdsa, keys.rsa];
/** What ssh-add -L prints for an item: the key, and the item's folder and name as its comment. */
const listedAs = (key: TestSshKey) => `${key.publicLine.split(' ').slice(0, 2).join(' ')} /ssh/${key.name}`;
const ids = new Map<string, string>();

beforeAll(async () => {
  keys = {
    ed25519: await makeSshKey(dir, 'deploy-ed25519', ['-t', 'ed25519']),
    ecdsa: await makeSshKey(dir, 'ops-ecdsa', ['-t', 'ecdsa', '-b', '384']),
    rsa: await makeSshKey(dir, 'legacy-rsa', ['-t', 'rsa', '-b', '3072']),
    unmarked: await makeSshKey(dir, 'not-for-agent', ['-t', 'ed25519']),
  };
  t = await startTestServer();
  admin = await initAndLoginAdmin(t);
  for (const key of [...marked(), keys.unmarked]) {
    const created = await admin.createSecret({
      name: key.name,
      path: '/ssh',
      type: 'ssh_key',
      payload: {
        value: key.privateKey,
        fields: [{ name: 'public key', value: key.publicLine, hidden: false }],
        ...(key === keys.unmarked ? {} : { sshAgent: true }),
      },
    });
    ids.set(key.name, created.id);
  }
  // A marked item that is not an SSH key is not offered either.
  await admin.createSecret({
    name: 'not-a-key',
    path: '/ssh',
    type: 'note',
    payload: { value: 'x', sshAgent: true },
  });
});

afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the agent core over a vault', () => {
  let agent: RunningAgent;
  const socket = path.join(dir, 'core', 'agent.sock');
  let session: VaultSession | null;
  let answer: SignAnswer = { allow: true, forMinutes: 0 };
  const asked: SignQuestion[] = [];

  beforeAll(async () => {
    session = admin;
    const identities = await loadAgentIdentities(admin);
    const fromVault = vaultKeySource(identities, (work) => {
      if (!session) throw new Error('locked');
      return work(session);
    });
    // What the desktop does: while locked, nothing is listed and no private key can be had.
    const keySource: KeySource = {
      list: () => (session ? fromVault.list() : Promise.resolve([])),
      privateKey: (id) => (session ? fromVault.privateKey(id) : Promise.resolve(null)),
    };
    agent = await startAgent({
      socketPath: socket,
      keys: keySource,
      approve: async (question) => {
        asked.push(question);
        return answer;
      },
    });
  });
  afterAll(() => agent?.close());

  it('ssh-add -L lists exactly the SSH-key items marked for the agent', async () => {
    expect(await agentKeyLines(socket)).toEqual(marked().map(listedAs).sort());
  });

  it('ssh-keygen -Y sign signs with each marked key after approval, and -Y verify accepts every signature', async () => {
    for (const key of marked()) {
      asked.length = 0;
      const file = await signWithAgent(socket, key, `release notes signed by ${key.name}`, dir);
      await verifySignature(key, file, dir);
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ keyId: ids.get(key.name), keyName: `/ssh/${key.name}`, host: null });
      // Which program asked, as the system reports the socket's peer: ssh-keygen, started by this test's node.
      expect(asked[0]?.client).toMatchObject({
        pid: expect.any(Number),
        command: expect.stringMatching(/^ssh-keygen -Y sign /),
        parent: 'node',
      });
    }
    expect(asked[0]?.algorithm).toBe('rsa-sha2-512');
  });

  it('a denied approval makes the signature fail', async () => {
    answer = { allow: false };
    try {
      await expect(signWithAgent(socket, keys.ed25519, 'denied', dir)).rejects.toThrow();
    } finally {
      answer = { allow: true, forMinutes: 0 };
    }
  });

  it('a locked vault lists nothing and signs nothing', async () => {
    session = null;
    try {
      expect(await agentKeyLines(socket)).toEqual([]);
      await expect(signWithAgent(socket, keys.ecdsa, 'while locked', dir)).rejects.toThrow();
    } finally {
      session = admin;
    }
    expect(await agentKeyLines(socket)).toHaveLength(3);
  });
});

describe('keyhold ssh-agent', () => {
  const clis: CliUser[] = [];
  afterEach(() => {
    for (const cli of clis.splice(0)) cli.cleanup();
  });

  it("serves the signed-in user's marked keys, prints SSH_AUTH_SOCK like ssh-agent, and stops cleanly", async () => {
    const cli = cliUser(t);
    clis.push(cli);
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    const socket = path.join(dir, 'cli', 'agent.sock');
    const running = cli.start(['ssh-agent', '--socket', socket, '--allow-all']);
    await running.stdoutIncludes('export SSH_AGENT_PID;');
    expect(await agentKeyLines(socket)).toEqual(marked().map(listedAs).sort());
    const file = await signWithAgent(socket, keys.rsa, 'signed by the headless agent', dir);
    await verifySignature(keys.rsa, file, dir);
    // The unmarked key is not offered: a signature with it fails.
    await expect(signWithAgent(socket, keys.unmarked, 'not offered', dir)).rejects.toThrow();
    running.child.kill('SIGTERM');
    const result = await running.result;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `SSH_AUTH_SOCK=${socket}; export SSH_AUTH_SOCK;\nSSH_AGENT_PID=${running.child.pid}; export SSH_AGENT_PID;\n`,
    );
    expect(result.stderr).toContain('signed with /ssh/legacy-rsa (rsa-sha2-512)');
    expect(result.stderr).not.toContain('PRIVATE KEY');
    expect(existsSync(socket)).toBe(false);
  });

  it('serves a machine identity only the marked keys granted to it (KEYHOLD_TOKEN)', async () => {
    const { token, principal } = await createMachineIdentity(admin.client, {
      username: 'deployer',
      displayName: 'Deploy robot',
      server: t.server.url,
      kdf: TEST_KDF_PARAMS,
    });
    const contact = await admin.sharing.addContact(principal);
    await admin.sharing.share(ids.get(keys.ed25519.name) ?? '', contact, 'read');
    await admin.sharing.share(ids.get(keys.unmarked.name) ?? '', contact, 'read');
    const cli = cliUser(t);
    clis.push(cli);
    const socket = path.join(dir, 'machine', 'agent.sock');
    const running = cli.start(['ssh-agent', '--socket', socket, '--allow-all'], {
      env: { KEYHOLD_TOKEN: JSON.stringify(token) },
    });
    await running.stdoutIncludes('export SSH_AUTH_SOCK;');
    expect(await agentKeyLines(socket)).toEqual([listedAs(keys.ed25519)]);
    const file = await signWithAgent(socket, keys.ed25519, 'deploy manifest', dir);
    await verifySignature(keys.ed25519, file, dir);
    running.child.kill('SIGTERM');
    expect((await running.result).code).toBe(0);
  });

  it('without a terminal to ask on and without --allow-all, refuses to start and says why', async () => {
    const cli = cliUser(t);
    clis.push(cli);
    await cliLogin(t, cli, ADMIN.username, ADMIN.password);
    const result = await cli.run(['ssh-agent', '--socket', path.join(dir, 'never', 'agent.sock')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --allow-all');
  });
});
