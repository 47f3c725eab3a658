// Search by username and URL through the real UI: the window's own index finds them (the server holds them
// only end-to-end encrypted), it follows new, edited and deleted secrets, survives a lock, and what the person
// types never reaches the server's log, its audit trail or its database files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSession } from '../client/index.ts';
import { checkScreen, launchChromium, newPerson, type Person, SMALL_VIEWPORT } from './support/browser.ts';
import { DEFAULT_VIEWPORT } from './support/check-screen.ts';
import { ADMIN, initThroughApi, openAndSignIn, signIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

/** Parts of usernames and URLs the person types: none is in any secret's name, folder or tag. */
const TYPED = ['deploy-bot', 'jenkins.acme', 'carol-ops', 'carol-sre', 'alerts-desk'];

const login = (username: string, url: string) => ({
  value: 'Pa55-word-not-searched',
  notes: '',
  fields: [
    { name: 'username', value: username, hidden: false },
    { name: 'url', value: url, hidden: false },
  ],
});

/** Every file under a folder, as bytes decoded leniently: a plain-text leak shows up in a substring search. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8', withFileTypes: false })
    .map((f) => path.join(dir, f))
    .flatMap((f) => {
      try {
        return [readFileSync(f).toString('latin1')];
      } catch {
        return []; // a folder
      }
    });
}

/**
 * The names of the workers that run in the page's browser, as the browser itself lists them. Playwright's
 * page.workers() hears of a nested worker (a decrypt worker the index started) through its parent's session:
 * when the parent closes in the same moment as its children, their end can be lost with it, and the list
 * keeps a worker that is gone. The browser's own target list has no such lag (each describe has its own
 * browser, so every worker listed is this page's).
 */
async function liveWorkerNames(page: Page): Promise<string[]> {
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'worker').map((t) => t.title);
  } finally {
    await cdp.detach();
  }
}

describe.each([
  ['', DEFAULT_VIEWPORT],
  [' in a small window', SMALL_VIEWPORT],
])('search by username and URL%s', { timeout: 120_000 }, (_, viewport) => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let page: Page;

  const search = () => page.getByRole('searchbox', { name: 'Search secrets' });

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await admin.createSecret({
      name: 'build server',
      path: '/ci',
      type: 'login',
      payload: login('deploy-bot@acme.example', 'https://jenkins.acme.example/login'),
    });
    await admin.createSecret({
      name: 'bank',
      path: '/home',
      type: 'login',
      payload: login('alice.w', 'https://online.bank.example'),
    });
    await admin.createSecret({
      name: 'mail',
      path: '/home',
      type: 'login',
      payload: login('alerts-desk@bank.example', 'https://mail.example'),
    });
    await admin.logout();
    person = await newPerson(browser, serve.url, viewport);
    page = person.page;
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByText('3 secrets').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('finds a secret by part of its username and by part of its URL, and shows what matched', async () => {
    await search().pressSequentially('deploy-bot');
    await page.getByText('1 secret', { exact: true }).waitFor();
    await page.getByRole('option', { name: /build server.*username: deploy-bot@acme\.example/ }).waitFor();
    await checkScreen(page, 'vault-search-username');
    await search().fill('jenkins.acme');
    await page
      .getByRole('option', { name: /build server.*url: https:\/\/jenkins\.acme\.example\/login/ })
      .waitFor();
    await page.getByText('1 secret', { exact: true }).waitFor();
    // Opening the row opens the secret, as any other row.
    await page.getByRole('option', { name: /build server/ }).click();
    await page.getByRole('heading', { name: 'build server', level: 2 }).waitFor();
  });

  it('lists username matches first, then name matches, each once', async () => {
    // "bank" is one secret's name (and in its URL), and in another one's username only.
    await search().fill('bank');
    await page.getByText('2 secrets', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByRole('option').allTextContents())
      .toEqual([
        expect.stringContaining('mail/home · username: alerts-desk@bank.example'),
        // Found by its name on the server; its URL holds "bank" too, yet it is listed once.
        expect.stringMatching(/^bank\/home[^·]*$/),
      ]);
  });

  it('follows a secret made, edited and deleted in this window', async () => {
    await search().fill('');
    await page.getByRole('button', { name: 'New secret' }).click();
    const form = page.getByRole('form', { name: 'New secret' });
    await form.getByLabel('Name', { exact: true }).fill('on-call pager');
    await form.getByLabel('Password', { exact: true }).fill('Pager-Pa55word-1');
    await form.getByLabel('Value of username').fill('carol-ops');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'on-call pager', level: 2 }).waitFor();
    await search().fill('carol-ops');
    await page.getByRole('option', { name: /on-call pager.*username: carol-ops/ }).waitFor();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('form', { name: 'Edit secret' });
    await edit.getByLabel('Value of username').fill('carol-sre');
    await edit.getByRole('button', { name: 'Save' }).click();
    // Saved: the form gives way to the secret's view.
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'on-call pager', level: 2 }).waitFor();
    await search().fill('carol-sre');
    await page.getByRole('option', { name: /on-call pager.*username: carol-sre/ }).waitFor();
    await search().fill('carol-ops');
    await page.getByText('No secret matches “carol-ops”.').waitFor();

    await search().fill('carol-sre');
    await page.getByRole('option', { name: /on-call pager/ }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: /to the trash\?/ })
      .getByRole('button', { name: 'Move to trash' })
      .click();
    await page.getByText('No secret matches “carol-sre”.').waitFor();
  });

  it('forgets the index on lock and finds usernames again after unlocking', async () => {
    await search().fill('');
    // The index and its decrypt workers, one per core.
    expect(await liveWorkerNames(page)).toContain('keyhold-search-index');
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Unlock' }).waitFor();
    // The worker that held the index and the keys is gone with the session, and its decrypt workers with it.
    await expect.poll(() => liveWorkerNames(page), { timeout: 15_000 }).toEqual([]);
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.getByText('3 secrets').waitFor();
    await search().pressSequentially('deploy-bot');
    await page.getByRole('option', { name: /build server.*username: deploy-bot@acme\.example/ }).waitFor();
    await search().fill('alerts-desk');
    await page.getByRole('option', { name: /mail.*username: alerts-desk@bank\.example/ }).waitFor();
    expect(person.pageErrors).toEqual([]);
    expect(person.missingFiles).toEqual([]);
  });

  it('shows a progress bar while the first pass opens the vault, and takes it away once search is ready', async () => {
    // A window of its own, its values held back on their way from the server before any worker runs in it,
    // so the bar can be seen (and checked) mid-pass. Routing the window the tests above used would have
    // Playwright enable interception in every worker it still lists, and a worker whose end it missed never
    // answers (the route then waits for ever).
    const fresh = await newPerson(browser, serve.url, viewport);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await fresh.page.route('**/v1/op/readSecretBatch', async (route) => {
      await held;
      await route.continue();
    });
    await openAndSignIn(fresh.page, ADMIN.username, ADMIN.password);
    await fresh.page.getByText('Getting search by user name and URL ready').waitFor();
    const bar = fresh.page.getByRole('progressbar', { name: 'Decrypting…' });
    await expect
      .poll(() => bar.getAttribute('aria-valuetext'), { timeout: 15_000 })
      .toBe('Decrypting… 0 of 3');
    await checkScreen(fresh.page, 'vault-search-index-progress');
    release();
    await bar.waitFor({ state: 'detached' });
    await fresh.page.getByRole('searchbox', { name: 'Search secrets' }).pressSequentially('alerts-desk');
    await fresh.page.getByRole('option', { name: /mail.*username: alerts-desk@bank\.example/ }).waitFor();
    expect(fresh.pageErrors).toEqual([]);
    await fresh.context.close();
  });

  it("never lets the typed text reach the server's log, its audit trail or its files", async () => {
    const watcher = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    const audit = JSON.stringify(await watcher.client.request('listAudit', { limit: 500 }));
    await watcher.logout();
    const files = filesUnder(serve.dataDir);
    for (const typed of TYPED) {
      expect(serve.output()).not.toContain(typed);
      expect(audit).not.toContain(typed);
      for (const file of files) expect(file.includes(typed)).toBe(false);
    }
  });
});

describe('name search from the window’s own index', { timeout: 120_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let person: Person;
  let page: Page;
  /** The queries the window sent to the server's search, in order. */
  const asked: string[] = [];

  const search = () => page.getByRole('searchbox', { name: 'Search secrets' });

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    for (const [name, folder, username] of [
      ['bank', '/home', 'alice.w'],
      ['bank of ops', '/ops', 'ops-desk'],
      ['mail', '/home', 'alerts@bank.example'],
    ] as const) {
      await admin.createSecret({
        name,
        path: folder,
        type: 'login',
        payload: login(username, 'https://x.example'),
      });
    }
    await admin.logout();
    person = await newPerson(browser, serve.url, DEFAULT_VIEWPORT);
    page = person.page;
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/op/searchSecrets')) asked.push(String(request.postDataJSON()?.query));
    });
    await openAndSignIn(page, ADMIN.username, ADMIN.password);
    await page.getByText('3 secrets').waitFor();
    // The index holds the whole vault once its first pass is over (the bar under the search box goes).
    await page.getByText('Getting search by user name and URL ready').waitFor({ state: 'detached' });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('answers each keystroke itself and asks the server only once the typing stops', async () => {
    asked.length = 0;
    await search().pressSequentially('bank');
    await page.getByText('3 secrets', { exact: true }).waitFor();
    // Username matches first, then the name matches in the server's order (by folder, then name).
    await expect
      .poll(() => page.getByRole('option').allTextContents())
      .toEqual([
        expect.stringContaining('mail/home · username: alerts@bank.example'),
        expect.stringMatching(/^bank\/home[^·]*$/),
        expect.stringMatching(/^bank of ops\/ops[^·]*$/),
      ]);
    await checkScreen(page, 'vault-search-names-from-index');
    // After the pause the server is asked the final query, to confirm: not one request per keystroke.
    await expect.poll(() => asked.at(-1), { timeout: 10_000 }).toBe('bank');
    expect(asked.length).toBeLessThan('bank'.length);
  });

  it('draws a keystroke’s results in the frame that draws the key (the window is cross-origin isolated)', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await search().fill('bank ');
    await page.getByText('3 secrets', { exact: true }).waitFor();
    // In the page: did the list show the new count before the first frame after the key began?
    await page.evaluate(() => {
      const input = document.getElementById('vault-search') as HTMLInputElement;
      const probe = window as unknown as { __sameFrame: Promise<boolean> };
      probe.__sameFrame = new Promise((resolve) => {
        let framed = false;
        input.addEventListener('keydown', () => requestAnimationFrame(() => (framed = true)), {
          once: true,
          capture: true,
        });
        const observer = new MutationObserver(() => {
          if (!document.body.textContent?.includes('1 secret')) return;
          observer.disconnect();
          resolve(!framed);
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    });
    await page.keyboard.press('o');
    expect(
      await page.evaluate(() => (window as unknown as { __sameFrame: Promise<boolean> }).__sameFrame),
    ).toBe(true);
    await page.getByRole('option', { name: /bank of ops/ }).waitFor();
  });

  it('turns to the server’s rows when the vault changed elsewhere, and catches up', async () => {
    await search().fill('');
    // Another device (the command line here) adds a secret the window's index has not listed.
    const other = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
    await other.createSecret({
      name: 'treasury',
      path: '/home',
      type: 'login',
      payload: login('cfo-desk', 'https://treasury.example'),
    });
    await other.logout();
    await search().pressSequentially('treasury');
    // The index knows nothing of it; the server's answer, asked after the pause, brings it in.
    await page.getByRole('option', { name: /treasury/ }).waitFor({ timeout: 15_000 });
    await page.getByText('1 secret', { exact: true }).waitFor();
    // The index synced meanwhile: the new secret's username is found too.
    await search().fill('cfo-desk');
    await page.getByRole('option', { name: /treasury.*username: cfo-desk/ }).waitFor({ timeout: 15_000 });
    expect(person.pageErrors).toEqual([]);
  });
});
