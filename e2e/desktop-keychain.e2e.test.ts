// The keychain's refusal reaches the person: on a Linux desktop without a keyring (safeStorage's
// basic_text), main refuses to keep the unseal passphrase, and first run and Settings say why instead of
// offering it; a passphrase kept by another keyring is not offered on the unseal screen, which says why. The real renderer in
// Chromium talks to main's real bridge entry (IPC's stand-in, as in client-mode.e2e), whose keychain uses
// the typed fake safeStorage; server calls go over HTTPS to a real server.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoLock } from '../electron/main/auto-lock.ts';
import { ClipboardGuard } from '../electron/main/clipboard-guard.ts';
import type { HostClient } from '../electron/main/host-client.ts';
import { type BridgeDeps, handleBridgeCall } from '../electron/main/ipc.ts';
import { Keychain } from '../electron/main/keychain.ts';
import { createRemoteClient, probeServer } from '../electron/main/remote-client.ts';
import { SshAgentHost } from '../electron/main/ssh-agent-host.ts';
import { fakeElectron } from '../tests/support/fake-electron.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { ADMIN, initThroughApi, signIn, UNSEAL_PASSPHRASE } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

describe('the desktop keychain on Linux without a keyring', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let server: HostClient;
  let userData: string;
  let keychain: Keychain;
  let deps: BridgeDeps;
  const keptFile = () => path.join(userData, 'unseal-passphrase.keychain');
  /** Main's keychain as it is on a Linux desktop whose safeStorage picked `backend`. */
  const keychainOn = (backend: 'basic_text' | 'gnome_libsecret' | 'kwallet5') =>
    new Keychain(
      fakeElectron({ backend, encryption: true }).electron.safeStorage,
      keptFile(),
      server.call,
      'linux',
    );

  beforeAll(async () => {
    // The server is not set up yet: the first spec meets the first-run screen.
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    const direct = async () => 'DIRECT';
    const { caCertPem } = await probeServer(serve.url, direct);
    server = createRemoteClient(serve.url, caCertPem, direct);
    userData = mkdtempSync(path.join(os.tmpdir(), 'keyhold-keychain-'));
    // safeStorage says it can encrypt, as it does with basic_text; the backend says there is no keyring.
    const { electron } = fakeElectron({ backend: 'basic_text', encryption: true });
    keychain = new Keychain(electron.safeStorage, keptFile(), server.call, 'linux');
    deps = {
      isTrustedSender: () => true,
      forward: server.call,
      desktop: {
        clipboard: new ClipboardGuard(electron.clipboard, electron.ClipboardItem, () => {}, 'linux'),
        autoLock: new AutoLock(electron.powerMonitor, () => {}, 'linux'),
        keychain,
        openExternal: async () => {},
        // The SSH agent is off (its default) in these specs; nothing here asks it anything.
        sshAgent: new SshAgentHost({ file: path.join(userData, 'ssh-agent.json'), send: () => {} }),
        modes: {
          view: () => ({ mode: 'host', url: null, caFingerprint: null }),
          probe: () => Promise.reject(new Error('not in this spec')),
          connect: () => Promise.reject(new Error('not in this spec')),
          useHost: () => Promise.reject(new Error('not in this spec')),
        },
      },
    };
    person = await newPerson(browser, serve.url);
    const event = { sender: { id: 1 }, senderFrame: { url: 'app://keyhold/', processId: 1, routingId: 1 } };
    await person.page.exposeFunction('keyholdMainCall', (request: unknown) =>
      handleBridgeCall(deps, event, request),
    );
    await person.page.addInitScript(() => {
      const main = (window as unknown as { keyholdMainCall: (r: unknown) => Promise<unknown> })
        .keyholdMainCall;
      Object.defineProperty(window, 'keyhold', {
        value: Object.freeze({ call: (request: unknown) => main(request), onEvent: () => () => {} }),
      });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await serve?.stop();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it('first run does not offer to remember the passphrase, and says why', { timeout: 60_000 }, async () => {
    const { page } = person;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
    const note = page
      .getByRole('note')
      .filter({ hasText: /No keyring \(GNOME Keyring or KWallet\) is running/ });
    await note.waitFor();
    await note.scrollIntoViewIfNeeded();
    await checkScreen(page, 'first-run-keychain-no-keyring');
    expect(await page.getByLabel("Remember the passphrase in this computer's keychain").count()).toBe(0);
    expect(person.pageErrors).toEqual([]);
    // The later specs need a server that is set up; the first-run screen's own path is first-run.e2e's.
    await initThroughApi(serve);
  });

  it('Settings says the passphrase is not kept, and why; nothing is written', {
    timeout: 150_000,
  }, async () => {
    const { page } = person;
    await page.goto('/');
    await signIn(page, ADMIN.username, ADMIN.password);
    // Signing in runs the password KDF in the page: on a busy machine that takes a while.
    await page.getByRole('navigation', { name: 'Sections' }).waitFor({ timeout: 90_000 });
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const section = page.getByRole('group', { name: "This computer's keychain" });
    await section.getByText(/No keyring \(GNOME Keyring or KWallet\) is running on this computer/).waitFor();
    await section.scrollIntoViewIfNeeded();
    await checkScreen(page, 'settings-keychain-no-keyring');
    expect(await section.getByRole('button', { name: 'Forget the passphrase' }).count()).toBe(0);
    // Asking main to keep it anyway is refused with the reason, and no file appears.
    await expect(keychain.remember('any passphrase')).rejects.toThrow(/no keyring/);
    expect((await keychain.status()).remembered).toBe(false);
    expect(person.pageErrors).toEqual([]);
  });

  it('a passphrase kept by another keyring is not offered on the unseal screen, which says why; keeping it again mends it', {
    timeout: 150_000,
  }, async () => {
    const { page } = person;
    // Kept while GNOME Keyring ran; this session's safeStorage picked KWallet instead.
    await keychainOn('gnome_libsecret').remember(UNSEAL_PASSPHRASE);
    keychain = keychainOn('kwallet5');
    deps.desktop.keychain = keychain;
    await serve.restart();
    await page.goto('/');
    await page.getByRole('heading', { name: 'The server is sealed' }).waitFor();
    const note = page.getByRole('note').filter({ hasText: /kept by another keyring/ });
    await note.waitFor();
    await checkScreen(page, 'unseal-keychain-backend-changed');
    expect(await page.getByRole('button', { name: "Unseal with this computer's keychain" }).count()).toBe(0);
    // Unsealing with the passphrase and keeping it again puts it under the keyring used now.
    await page.getByLabel('Unseal passphrase').fill(UNSEAL_PASSPHRASE);
    await page.getByLabel("Remember the passphrase in this computer's keychain").check();
    await page.getByRole('button', { name: 'Unseal', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await keychain.status()).toEqual({ available: true, remembered: true, reason: null });
    expect(person.pageErrors).toEqual([]);
  });
});
