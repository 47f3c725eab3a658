// Network settings through the real UI of `npm run serve` (started with --port, so the port is pinned):
// the admin sees where the server listens and the CA fingerprint clients compare, a bad port or address
// is refused with nothing changed, exposure moves the listener live while the page keeps working; a
// moderator and a plain user have no such controls.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpsTransport, KeyholdClient, VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person } from './support/browser.ts';
import {
  ADMIN,
  adminSectionNames,
  enrollThroughApi,
  initThroughApi,
  openAdminSection,
  openAndSignIn,
} from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const MOD_PASSWORD = 'moderator-password-1';
const USER_PASSWORD = 'plain-user-password-1';

describe('network settings', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let ada: Person;
  let page: Page;
  const agents: Agent[] = [];

  /** A client on its own connections: the listener moves under the harness's kept-alive ones. */
  const freshClient = () => {
    const agent = new Agent({
      connect: { ca: readFileSync(path.join(serve.dataDir, 'tls', 'ca.pem'), 'utf8') },
    });
    agents.push(agent);
    const fetch = ((input: string | URL, init?: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
    return new KeyholdClient(createHttpsTransport({ baseUrl: serve.url, fetch }));
  };
  const adminClient = async () =>
    (await VaultSession.login(freshClient(), ADMIN.username, ADMIN.password, 'cli')).client;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    for (const [username, role, password] of [
      ['mona', 'moderator', MOD_PASSWORD],
      ['uma', 'user', USER_PASSWORD],
    ] as const) {
      await enrollThroughApi(serve, admin, { username, displayName: username, role, password });
    }
    ada = await newPerson(browser, serve.url);
    page = ada.page;
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(agents.map((a) => a.close()));
    await serve?.stop();
  });

  const openNetwork = async (p: Page) => {
    await openAdminSection(p, 'Server settings');
    const network = p.getByRole('group', { name: 'Network' });
    await network.scrollIntoViewIfNeeded();
    return network;
  };

  it('shows the admin where the server listens, the CA fingerprint to compare, and that --port pins the port', async () => {
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    const network = await openNetwork(page);
    const { caFingerprint } = await freshClient().request('getServerCa', {});
    await network.getByText(caFingerprint).waitFor();
    const port = new URL(serve.url).port;
    await network.getByText(`https://127.0.0.1:${port}`).waitFor();
    await network.getByText(/started with a fixed address or port/).waitFor();
    expect(await network.getByLabel('Expose the server on the network').isChecked()).toBe(false);
    await checkScreen(page, 'network-settings');
  });

  it('refuses a port out of range on the page, and an address that is not one, naming the field; nothing changes', async () => {
    const network = page.getByRole('group', { name: 'Network' });
    const admin = await adminClient();
    const before = await admin.request('getSettings', {});
    await network.getByLabel('Port').fill('70000');
    await network.getByRole('button', { name: 'Save' }).click();
    await network.getByText('The port must be a whole number from 1 to 65535.').waitFor();

    await network.getByLabel('Port').fill('7777');
    await network.getByLabel('Listen address').fill('vault.example.com');
    await network.getByRole('button', { name: 'Save' }).click();
    await network
      .getByText(/Listening address: an IP address, 0\.0\.0\.0, :: or one of this computer/)
      .waitFor();
    expect(await admin.request('getSettings', {})).toEqual(before);
    await checkScreen(page, 'network-settings-refused');
  });

  it('exposes the server on 0.0.0.0 live: saved, listening there, and the page keeps working', async () => {
    const network = page.getByRole('group', { name: 'Network' });
    await network.getByLabel('Listen address').fill('0.0.0.0');
    await network.getByLabel('Expose the server on the network').check();
    await network.getByRole('button', { name: 'Save' }).click();
    await network.getByText('Saved.').waitFor();
    const status = await (await adminClient()).request('getNetworkStatus', {});
    expect(status.listener).toMatchObject({ address: '0.0.0.0', port: Number(new URL(serve.url).port) });
    // The page reached the server again over a new connection to the moved listener.
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('button', { name: 'Users' })
      .click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    expect(ada.pageErrors).toEqual([]);
  });

  it('a moderator has no server settings, and a plain user no admin console at all', async () => {
    const mod = await newPerson(browser, serve.url);
    await openAndSignIn(mod.page, 'mona', MOD_PASSWORD);
    const sections = await adminSectionNames(mod.page);
    expect(sections).not.toContain('Server settings');

    const user = await newPerson(browser, serve.url);
    await openAndSignIn(user.page, 'uma', USER_PASSWORD);
    const nav = user.page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button').first().waitFor();
    expect(await nav.getByRole('button', { name: 'Admin', exact: true }).count()).toBe(0);
    expect(await user.page.getByRole('group', { name: 'Network' }).count()).toBe(0);
  });
});
