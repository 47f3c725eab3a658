// The desktop window's host/client choice in Chromium, with the real main-process glue behind a stand-in
// for preload: the page's bridge calls reach handleBridgeCall in Node (as IPC would), whose ModeController
// hosts a vault in the real worker, or forwards to a real `npm run serve` with the CA the person confirmed.
// (The Electron binary cannot run here; everything but preload's two lines is the shipped code.)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import type { BridgeRequest } from '../contract/index.ts';
import { APP_MODE_FILE, loadAppMode, ModeController } from '../electron/main/app-mode.ts';
import { AutoLock } from '../electron/main/auto-lock.ts';
import { ClipboardGuard } from '../electron/main/clipboard-guard.ts';
import { startHost } from '../electron/main/host-client.ts';
import { type BridgeDeps, handleBridgeCall } from '../electron/main/ipc.ts';
import { Keychain } from '../electron/main/keychain.ts';
import { SshAgentHost } from '../electron/main/ssh-agent-host.ts';
import { fakeElectron } from '../tests/support/fake-electron.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import { ADMIN, initThroughApi, signIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('desktop: host here or connect to a server', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let userData: string;
  let modes: ModeController;

  beforeAll(async () => {
    const { buildElectron } = await import('../scripts/build-electron.mjs');
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium(), buildElectron()]);
    await initThroughApi(serve);
    userData = mkdtempSync(path.join(os.tmpdir(), 'keyhold-desktop-'));
    modes = new ModeController({
      file: path.join(userData, APP_MODE_FILE),
      resolveProxy: async () => 'DIRECT',
      startHost: () =>
        startHost(path.join(ROOT, 'dist/electron/host-worker.cjs'), {
          dataDir: path.join(userData, 'host'),
          logLevel: 'warn',
        }),
    });
    await modes.start();
    const toHost = (request: BridgeRequest) => modes.forward(request);
    const { electron } = fakeElectron({ encryption: false });
    const deps: BridgeDeps = {
      isTrustedSender: () => true,
      forward: modes.forward,
      desktop: {
        clipboard: new ClipboardGuard(electron.clipboard, electron.ClipboardItem, () => {}),
        autoLock: new AutoLock(electron.powerMonitor, () => {}),
        keychain: new Keychain(electron.safeStorage, path.join(userData, 'none'), toHost),
        openExternal: async () => {},
        // The SSH agent is off (its default) in these specs; nothing here asks it anything.
        sshAgent: new SshAgentHost({ file: path.join(userData, 'ssh-agent.json'), send: () => {} }),
        modes,
      },
    };
    person = await newPerson(browser, serve.url);
    const event = { sender: { id: 1 }, senderFrame: { url: 'app://keyhold/', processId: 1, routingId: 1 } };
    // IPC's stand-in: survives reloads, as preload does.
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
  });
  afterAll(async () => {
    await browser?.close();
    await modes?.close();
    await serve?.stop();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it('first run offers hosting a vault here or connecting to a server', async () => {
    const { page } = person;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome to Keyhold' }).waitFor();
    await page.getByRole('button', { name: /Host a vault on this computer/ }).waitFor();
    await checkScreen(page, 'client-mode-choose');
  });

  it('connects: the CA fingerprint shown is the server’s, and once confirmed the window works against it', async () => {
    const { page } = person;
    await page.getByRole('button', { name: /Connect to a Keyhold server/ }).click();
    await page.getByLabel('Server address').fill(serve.url);
    await page.getByRole('button', { name: 'Check the server' }).click();
    const { caFingerprint } = await serve.client().request('getServerCa', {});
    await page.getByText(caFingerprint).waitFor();
    await checkScreen(page, 'client-mode-fingerprint');

    await page.getByRole('button', { name: 'The fingerprints match: connect' }).click();
    // The window reloads signed out, now talking to the remote server (initialised: the sign-in screen).
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(loadAppMode(path.join(userData, APP_MODE_FILE))).toMatchObject({
      mode: 'client',
      url: serve.url,
      caFingerprint,
    });
    await signIn(page, ADMIN.username, ADMIN.password);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('button', { name: 'Settings' })
      .click();
    const connection = page.getByRole('group', { name: 'Connection' });
    await connection.getByText(`This app is connected to ${serve.url}.`).waitFor();
    await connection.scrollIntoViewIfNeeded();
    await checkScreen(page, 'client-mode-settings');
    // The remote server saw a desktop sign-in of the admin.
    const session = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    const { entries } = await session.client.request('listLoginHistory', { limit: 5 });
    expect(entries.some((e) => e.clientKind === 'desktop')).toBe(true);
  });

  it('switches back to host mode: signed out, and this computer’s own new vault asks to be set up', async () => {
    const { page } = person;
    await page
      .getByRole('group', { name: 'Connection' })
      .getByRole('button', { name: 'Switch to host mode' })
      .click();
    await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
    expect(loadAppMode(path.join(userData, APP_MODE_FILE))).toEqual({ mode: 'host' });
    expect(person.pageErrors).toEqual([]);
  });
});
