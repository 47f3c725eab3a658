// The desktop agent as main runs it, with the window played by the test through the same events and answers
// the bridge carries: off by default and remembered, listening only after unlock, asking before each signature,
// taking one private key per signature from the window, and offering nothing once locked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent, SshAgentIdentity } from '../../contract/index.ts';
import { publicKeyFromLine } from '../../ssh-agent/public-key.ts';
import {
  agentKeyLines,
  makeSshKey,
  signWithAgent,
  type TestSshKey,
  verifySignature,
} from '../../tests/support/openssh.ts';
import { SSH_AGENT_FILE, SshAgentHost } from './ssh-agent-host.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-desktop-agent-'));
let key: TestSshKey;
let identity: SshAgentIdentity;

beforeAll(async () => {
  key = await makeSshKey(dir, 'laptop-ed25519', ['-t', 'ed25519']);
  identity = {
    itemId: 'item-1',
    name: 'Laptop key',
    publicKey: publicKeyFromLine(key.publicLine).toString('base64'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The window: records main's events and answers them as a person and the unlocked vault would. */
function fakeWindow() {
  const events: BridgeEvent[] = [];
  let host: SshAgentHost | null = null;
  let decision: 'allow' | 'deny' | 'ignore' = 'allow';
  const send = (event: BridgeEvent) => {
    events.push(event);
    queueMicrotask(() => {
      if (!host) return;
      if (event.type === 'ssh-sign-request' && decision !== 'ignore') {
        host.answer(
          event.request.requestId,
          decision === 'allow' ? { allow: true, forMinutes: 0 } : { allow: false },
        );
      }
      if (event.type === 'ssh-key-request') {
        host.giveKey(event.requestId, event.itemId === identity.itemId ? key.privateKey : null);
      }
    });
  };
  return {
    events,
    send,
    attach: (h: SshAgentHost) => {
      host = h;
    },
    decide: (d: typeof decision) => {
      decision = d;
    },
  };
}

const hosts: SshAgentHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

function makeHost(name: string, window = fakeWindow()) {
  const host = new SshAgentHost({
    file: path.join(dir, name, SSH_AGENT_FILE),
    socketPath: path.join(dir, name, 'run', 'agent.sock'),
    send: window.send,
    approvalTimeoutMs: 1_000,
  });
  window.attach(host);
  hosts.push(host);
  return { host, window, socket: host.socketPath };
}

describe('the desktop SSH agent', () => {
  it('is off by default, listens only after unlock once turned on, and remembers being on', async () => {
    const { host } = makeHost('remember');
    expect(host.status()).toMatchObject({ enabled: false, running: false });
    await host.setIdentities([identity]);
    expect(host.status().running).toBe(false);
    await host.setEnabled(true);
    expect(host.status()).toMatchObject({ enabled: true, running: true, offered: 1 });
    await host.stop();
    const again = makeHost('remember').host;
    expect(again.status()).toMatchObject({ enabled: true, running: false });
    await again.setIdentities([], true);
    expect(again.status().running).toBe(false);
    await again.setIdentities([identity]);
    expect(again.status().running).toBe(true);
  });

  it('asks the window before signing, takes the private key for that signature, and the signature verifies', async () => {
    const { host, window, socket } = makeHost('sign');
    await host.setEnabled(true);
    await host.setIdentities([identity]);
    expect(await agentKeyLines(socket)).toEqual([
      `${key.publicLine.split(' ').slice(0, 2).join(' ')} Laptop key`,
    ]);
    const file = await signWithAgent(socket, key, 'commit 1234', dir);
    await verifySignature(key, file, dir);
    const kinds = window.events.map((event) => event.type);
    expect(kinds).toEqual(['ssh-sign-request', 'ssh-sign-settled', 'ssh-key-request']);
    const asked = window.events[0];
    expect(asked?.type === 'ssh-sign-request' && asked.request).toMatchObject({
      keyId: 'item-1',
      keyName: 'Laptop key',
      algorithm: 'ssh-ed25519',
      host: null,
    });
  });

  it('a denial, or no answer in time, fails the signature without asking the window for the key', async () => {
    const { host, window, socket } = makeHost('deny');
    await host.setEnabled(true);
    await host.setIdentities([identity]);
    window.decide('deny');
    await expect(signWithAgent(socket, key, 'no', dir)).rejects.toThrow();
    window.decide('ignore');
    await expect(signWithAgent(socket, key, 'silence', dir)).rejects.toThrow();
    expect(window.events.some((event) => event.type === 'ssh-key-request')).toBe(false);
    expect(window.events.filter((event) => event.type === 'ssh-sign-settled')).toHaveLength(2);
  });

  it('once locked it lists nothing and signs nothing, and turning it off removes the socket', async () => {
    const { host, socket } = makeHost('lock');
    await host.setEnabled(true);
    await host.setIdentities([identity]);
    host.lock();
    expect(await agentKeyLines(socket)).toEqual([]);
    await expect(signWithAgent(socket, key, 'locked', dir)).rejects.toThrow();
    await host.setEnabled(false);
    expect(host.status()).toMatchObject({ enabled: false, running: false });
    const { existsSync } = await import('node:fs');
    expect(existsSync(socket)).toBe(false);
  });
});
