// The desktop SSH agent as a person uses it: an Ed25519 key made by ssh-keygen kept as an SSH-key item marked
// "Use in the SSH agent", the agent turned on in Settings, and the real ssh-keygen / ssh-add talking to its
// socket; each signature waits for the person's answer in the window. The real renderer in Chromium talks to
// main's real bridge entry (IPC's stand-in, as in client-mode.e2e), whose SshAgentHost is the shipped one; its
// events reach the page as preload's onEvent would deliver them. Server calls go over HTTPS to a real server.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../contract/index.ts';
import { AutoLock } from '../electron/main/auto-lock.ts';
import { ClipboardGuard } from '../electron/main/clipboard-guard.ts';
import type { HostClient } from '../electron/main/host-client.ts';
import { type BridgeDeps, handleBridgeCall } from '../electron/main/ipc.ts';
import { Keychain } from '../electron/main/keychain.ts';
import { createRemoteClient, probeServer } from '../electron/main/remote-client.ts';
import { SshAgentHost } from '../electron/main/ssh-agent-host.ts';
import { fakeElectron } from '../tests/support/fake-electron.ts';
import {
  agentKeyLines,
  makeSshKey,
  signWithAgent,
  type TestSshKey,
  verifySignature,
} from '../tests/support/openssh.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

/** The page's side of preload's onEvent: main's events are handed to this function in the window. */
const EMIT = 'keyholdMainEvent';

describe('the desktop SSH agent', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let server: HostClient;
  let workDir: string;
  let sshAgent: SshAgentHost;
  let key: TestSshKey;
  /** Main's Electron modules (typed fakes): the system clipboard the Copy button writes to. */
  const { electron } = fakeElectron({ encryption: false });
  const socket = () => sshAgent.socketPath;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const direct = async () => 'DIRECT';
    const { caCertPem } = await probeServer(serve.url, direct);
    server = createRemoteClient(serve.url, caCertPem, direct);
    workDir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-ssh-e2e-'));
    key = await makeSshKey(workDir, 'deploy-key', ['-t', 'ed25519']);
    person = await newPerson(browser, serve.url, SMALL_VIEWPORT);
    const { page } = person;
    // Main's `send` (webContents.send on the event channel) as it reaches the page: every listener gets it.
    const send = (event: BridgeEvent) => {
      void page
        .evaluate(([name, e]) => (window as unknown as Record<string, (e: unknown) => void>)[name]?.(e), [
          EMIT,
          event,
        ] as const)
        .catch(() => undefined);
    };
    sshAgent = new SshAgentHost({
      file: path.join(workDir, 'ssh-agent.json'),
      send,
      socketPath: path.join(workDir, 'agent.sock'),
    });
    const deps: BridgeDeps = {
      isTrustedSender: () => true,
      forward: server.call,
      desktop: {
        clipboard: new ClipboardGuard(electron.clipboard, electron.ClipboardItem, () => {}, 'linux'),
        autoLock: new AutoLock(electron.powerMonitor, () => {}, 'linux'),
        keychain: new Keychain(electron.safeStorage, path.join(workDir, 'none'), server.call, 'linux'),
        openExternal: async () => {},
        sshAgent,
        modes: {
          view: () => ({ mode: 'host', url: null, caFingerprint: null }),
          probe: () => Promise.reject(new Error('not in this spec')),
          connect: () => Promise.reject(new Error('not in this spec')),
          useHost: () => Promise.reject(new Error('not in this spec')),
        },
      },
    };
    const ipcEvent = {
      sender: { id: 1 },
      senderFrame: { url: 'app://keyhold/', processId: 1, routingId: 1 },
    };
    await page.exposeFunction('keyholdMainCall', (request: unknown) =>
      handleBridgeCall(deps, ipcEvent, request),
    );
    // Preload's two members: `call` to main, `onEvent` fed by main's events (see `send` above).
    await page.addInitScript((emit) => {
      const w = window as unknown as Record<string, unknown>;
      const main = w.keyholdMainCall as (r: unknown) => Promise<unknown>;
      const listeners = new Set<(e: unknown) => void>();
      w[emit] = (event: unknown) => {
        for (const listener of [...listeners]) listener(event);
      };
      Object.defineProperty(window, 'keyhold', {
        value: Object.freeze({
          call: (request: unknown) => main(request),
          onEvent: (listener: (e: unknown) => void) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        }),
      });
    }, EMIT);
  });

  afterAll(async () => {
    await browser?.close();
    await sshAgent?.stop();
    await server?.close();
    await serve?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('an SSH-key item is marked "Use in the SSH agent" in its editor', async () => {
    const { page } = person;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('button', { name: 'New secret' }).click();
    const form = page.getByRole('form', { name: 'New secret' });
    await form.getByLabel('Type').selectOption('ssh_key');
    await form.getByLabel('Name', { exact: true }).fill('deploy key');
    await form.getByLabel('Private key').fill(key.privateKey);
    const mark = form.getByLabel('Use in the SSH agent');
    await mark.scrollIntoViewIfNeeded();
    await mark.click();
    expect(await mark.isChecked()).toBe(true);
    await checkScreen(page, 'ssh-agent-item-editor');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Offered by the SSH agent').waitFor();
    expect(person.pageErrors).toEqual([]);
  });

  it('Settings turns the agent on and shows the line that points a shell at its socket', async () => {
    const { page } = person;
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const section = page.getByRole('group', { name: 'SSH agent' });
    await section.getByText('Not running').waitFor();
    await section.getByLabel('Run the SSH agent').click();
    await section.getByText('Running: 1 key offered').waitFor();
    const line = `export SSH_AUTH_SOCK='${socket()}'`;
    await section.getByText(line).waitFor();
    await section.getByRole('button', { name: 'Copy' }).click();
    await section.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await electron.clipboard.readText()).toBe(line);
    await section.scrollIntoViewIfNeeded();
    await checkScreen(page, 'ssh-agent-settings');
    // What ssh sees: the one marked key, as ssh-keygen wrote its public half.
    const [offered] = await agentKeyLines(socket());
    expect(offered?.split(' ').slice(0, 2)).toEqual(key.publicLine.split(' ').slice(0, 2));
    expect(person.pageErrors).toEqual([]);
  });

  it('a signature waits for "Allow once" in the window, and ssh-keygen -Y verify accepts it', async () => {
    const { page } = person;
    const signed = signWithAgent(socket(), key, 'release v1.2.3\n', workDir);
    const dialog = page.getByRole('dialog', { name: 'Allow an SSH signature?' });
    await dialog.waitFor();
    await dialog.getByText('deploy key').waitFor();
    // The program that asks, as Linux reports the socket's peer: ssh-keygen's own command line and process.
    await dialog.getByText(/^ssh-keygen -Y sign /).waitFor();
    await dialog.getByText(/^\(process \d+, started by /).waitFor();
    await checkScreen(page, 'ssh-agent-approval');
    await dialog.getByRole('button', { name: 'Allow once' }).click();
    const file = await signed;
    await verifySignature(key, file, workDir);
    await dialog.waitFor({ state: 'detached' });
    expect(person.pageErrors).toEqual([]);
  });

  it('"Deny" refuses the next signature', async () => {
    const { page } = person;
    // Its refusal is taken as it comes (ssh-keygen may end before the dialog is gone).
    const signed = signWithAgent(socket(), key, 'release v1.2.4\n', workDir).then(
      () => 'signed',
      (error: Error) => error.message,
    );
    // "Allow once" allowed one signature only: this one is asked for again.
    const dialog = page.getByRole('dialog', { name: 'Allow an SSH signature?' });
    await dialog.getByText('deploy key').waitFor();
    await dialog.getByRole('button', { name: 'Deny' }).click();
    expect(await signed).toMatch(/agent refused operation/);
    await dialog.waitFor({ state: 'detached' });
    expect(person.pageErrors).toEqual([]);
  });

  it('after Lock the agent offers no key', async () => {
    const { page } = person;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByText('Locked.', { exact: true }).waitFor();
    // The window tells main on its way out; ssh-add then finds nothing.
    await expect.poll(() => sshAgent.status().offered).toBe(0);
    expect(await agentKeyLines(socket())).toEqual([]);
    expect(person.pageErrors).toEqual([]);
  });
});
