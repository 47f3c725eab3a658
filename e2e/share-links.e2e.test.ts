// One-time links end to end: a signed-in person makes a link in the window; a stranger's fresh browser (no
// session) opens it and reads the text; a second open shows "expired or does not exist".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPerson, type Person } from './support/browser.ts';
import { ADMIN, initThroughApi, openAndSignIn } from './support/flows.ts';
import { type ServeProcess, startServeProcess } from './support/serve-process.ts';

const TEXT = 'wifi: keyhold-guest / Pa55-for-visitors';
const SHOTS = path.join('test-results', 'share-links');

describe('one-time share links', { timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let browser: Browser;
  let maker: Person;

  beforeAll(async () => {
    [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
    await initThroughApi(serve);
    maker = await newPerson(browser, serve.url);
    await openAndSignIn(maker.page, ADMIN.username, ADMIN.password);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('a stranger with no session reads the text once; the second open says the link is gone', async () => {
    const page = maker.page;
    await page.getByRole('navigation').getByRole('button', { name: 'Links' }).click();
    await page.getByRole('heading', { name: 'One-time links' }).waitFor();
    await page.getByLabel('Text to share').fill(TEXT);
    await page.getByRole('button', { name: 'Make link' }).click();
    const linkBox = page.getByRole('textbox', { name: 'The link is ready' });
    await linkBox.waitFor();
    const url = await linkBox.inputValue();
    expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: path.join(SHOTS, 'made.png') });

    const stranger = await newPerson(browser, serve.url);
    await stranger.page.goto(url);
    await stranger.page.getByRole('button', { name: 'Show it' }).click();
    const text = stranger.page.locator('#share-text');
    await text.waitFor();
    expect(await text.inputValue()).toBe(TEXT);
    await stranger.page.getByText('This was the last view').waitFor();
    await stranger.page.screenshot({ path: path.join(SHOTS, 'opened.png') });
    // The key left the address bar once it was used.
    expect(new URL(stranger.page.url()).hash).toBe('');

    const second = await newPerson(browser, serve.url);
    await second.page.goto(url);
    await second.page.getByRole('button', { name: 'Show it' }).click();
    await second.page.getByRole('heading', { name: 'This link has expired or does not exist' }).waitFor();
    await second.page.screenshot({ path: path.join(SHOTS, 'gone.png') });
    expect([...stranger.pageErrors, ...second.pageErrors]).toEqual([]);
    expect([...stranger.missingFiles, ...second.missingFiles]).toEqual([]);
  });
});
