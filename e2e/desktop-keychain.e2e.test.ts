// The keychain's refusal reaches the person: on a Linux desktop without a keyring (safeStorage's
// basic_text), main refuses to keep the unseal passphrase, and Settings says why. The real renderer in
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
import { fakeElectron } from '../tests/support/fake-electron.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { ADMIN, initThroughApi, signIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

describe('the desktop keychain on Linux without a keyring', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let server: HostClient;
  let userData: string;
  let keychain: Keychain;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const direct = async () => 'DIRECT';
    const { caCertPem } = await probeServer(serve.url, direct);
    server = createRemoteClient(serve.url, caCertPem, direct);
    userData = mkdtempSync(path.join(os.tmpdir(), 'keyhold-keychain-'));
    // safeStorage says it can encrypt, as it does with basic_text; the backend says there is no keyring.
    const { electron } = fakeElectron({ backend: 'basic_text', encryption: true });
    keychain = new Keychain(
      electron.safeStorage,
      path.join(userData, 'unseal-passphrase.keychain'),
      server.call,
      'linux',
    );
    const deps: BridgeDeps = {
      isTrustedSender: () => true,
      forward: server.call,
      desktop: {
        clipboard: new ClipboardGuard(electron.clipboard, electron.ClipboardItem, () => {}, 'linux'),
        autoLock: new AutoLock(electron.powerMonitor, () => {}, 'linux'),
        keychain,
        openExternal: async () => {},
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
});
