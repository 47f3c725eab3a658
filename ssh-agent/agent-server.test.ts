// The agent core against the real OpenSSH tools: ssh-add lists what the key source offers, ssh-keygen -Y sign
// signs through the agent and -Y verify accepts it, and every refusal path fails the signature.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentKeyLines,
  makeSshKey,
  signWithAgent,
  type TestSshKey,
  verifySignature,
} from '../tests/support/openssh.ts';
import { type AgentIdentity, type KeySource, type RunningAgent, startAgent } from './agent-server.ts';
import type { Approve, SignAnswer, SignQuestion } from './approval.ts';
import { publicKeyFromLine } from './public-key.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-agent-core-'));
const socketPath = path.join(dir, 'sock', 'agent.sock');
type TestKey = TestSshKey;
const makeKey = (name: string, args: string[]) => makeSshKey(dir, name, args);
const signThroughAgent = (key: TestKey, message: string) => signWithAgent(socketPath, key, message, dir);
const verify = (key: TestKey, file: string) => verifySignature(key, file, dir);

let keys: Record<'ed25519' | 'p256' | 'p384' | 'p521' | 'rsa' | 'rsaPem' | 'unmarked', TestKey>;
let agent: RunningAgent;
let locked = false;
let answer: (q: SignQuestion) => SignAnswer | Promise<SignAnswer> = () => ({ allow: true, forMinutes: 0 });
const asked: SignQuestion[] = [];
const fetched: string[] = [];

beforeAll(async () => {
  keys = {
    ed25519: await makeKey('ed25519', ['-t', 'ed25519']),
    p256: await makeKey('p256', ['-t', 'ecdsa', '-b', '256']),
    p384: await makeKey('p384', ['-t', 'ecdsa', '-b', '384']),
    p521: await makeKey('p521', ['-t', 'ecdsa', '-b', '521']),
    rsa: await makeKey('rsa', ['-t', 'rsa', '-b', '2048']),
    rsaPem: await makeKey('rsa-pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']),
    unmarked: await makeKey('unmarked', ['-t', 'ed25519']),
  };
  const offered = Object.values(keys).filter((key) => key !== keys.unmarked);
  const source: KeySource = {
    list: async () =>
      locked
        ? []
        : offered.map(
            (key): AgentIdentity => ({
              id: key.name,
              comment: key.name,
              publicKey: publicKeyFromLine(key.publicLine),
            }),
          ),
    privateKey: async (id) => {
      fetched.push(id);
      return locked ? null : (offered.find((key) => key.name === id)?.privateKey ?? null);
    },
  };
  const approve: Approve = async (question) => {
    asked.push(question);
    return answer(question);
  };
  agent = await startAgent({ socketPath, keys: source, approve, approvalTimeoutMs: 2_000 });
});

afterAll(async () => {
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the agent core with OpenSSH', () => {
  it('ssh-add -L lists exactly the offered keys, with their names', async () => {
    const listed = await agentKeyLines(socketPath);
    const expected = Object.values(keys)
      .filter((key) => key !== keys.unmarked)
      .map((key) => key.publicLine)
      .sort();
    expect(listed).toEqual(expected);
  });

  it('the socket is 0600 in a 0700 folder', async () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
  });

  for (const name of ['ed25519', 'p256', 'p384', 'p521', 'rsa', 'rsaPem'] as const) {
    it(`signs with the ${name} key after approval, and ssh-keygen -Y verify accepts the signature`, async () => {
      asked.length = 0;
      const file = await signThroughAgent(keys[name], `hello from ${name}`);
      await verify(keys[name], file);
      expect(asked.map((q) => q.keyId)).toEqual([keys[name].name]);
      if (name.startsWith('rsa')) expect(asked[0]?.algorithm).toBe('rsa-sha2-512');
    });
  }

  it('a denied approval fails the signature and fetches no private key', async () => {
    answer = () => ({ allow: false });
    fetched.length = 0;
    await expect(signThroughAgent(keys.ed25519, 'denied')).rejects.toThrow();
    expect(fetched).toEqual([]);
    answer = () => ({ allow: true, forMinutes: 0 });
  });

  it('an approval that never comes fails the signature when the wait ends', async () => {
    answer = () => new Promise<SignAnswer>(() => undefined);
    await expect(signThroughAgent(keys.p256, 'silence')).rejects.toThrow();
    answer = () => ({ allow: true, forMinutes: 0 });
  });

  it('"allow for N minutes" signs again without asking, until the memory is cleared', async () => {
    answer = () => ({ allow: true, forMinutes: 5 });
    asked.length = 0;
    await signThroughAgent(keys.p384, 'first');
    await signThroughAgent(keys.p384, 'second');
    expect(asked).toHaveLength(1);
    agent.memory.clear();
    await signThroughAgent(keys.p384, 'third');
    expect(asked).toHaveLength(2);
    agent.memory.clear();
    answer = () => ({ allow: true, forMinutes: 0 });
  });

  it('a key not offered is not used, and a locked source lists nothing and signs nothing', async () => {
    await expect(signThroughAgent(keys.unmarked, 'not offered')).rejects.toThrow();
    locked = true;
    try {
      expect(await agentKeyLines(socketPath)).toEqual([]);
      await expect(signThroughAgent(keys.ed25519, 'locked')).rejects.toThrow();
    } finally {
      locked = false;
    }
  });

  it('refuses to start over a live agent, and takes over a stale socket', async () => {
    await expect(
      startAgent({
        socketPath,
        keys: { list: async () => [], privateKey: async () => null },
        approve: async () => ({ allow: false }),
      }),
    ).rejects.toThrow(/already listens/);
  });
});
