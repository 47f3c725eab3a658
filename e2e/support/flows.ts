// Steps several specs share: a server and a browser started together, a server set up through the API,
// people enrolled through the API, and each of them signed in through the real UI in a window of their own.
import type { Browser, Page } from 'playwright-core';
import { TEST_KDF_PARAMS } from '../../client/crypto/index.ts';
import { VaultSession } from '../../client/index.ts';
import { launchChromium, newPerson, type Person } from './browser.ts';
import { type ServeProcess, startServeProcess } from './serve-process.ts';

export const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery' };
export const UNSEAL_PASSPHRASE = 'e2e unseal passphrase';

/** Someone with an account of role user, as the sharing specs use them. */
export interface Account {
  username: string;
  displayName: string;
  password: string;
}

export const ALICE: Account = { username: 'alice', displayName: 'Alice', password: 'alice password 1' };
export const BOB: Account = { username: 'bob', displayName: 'Bob', password: 'bob password 12' };

/** A spec's real server and real Chromium, started side by side; `stop` ends both. */
export interface Stage {
  serve: ServeProcess;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startStage(): Promise<Stage> {
  const [serve, browser] = await Promise.all([startServeProcess(), launchChromium()]);
  return {
    serve,
    browser,
    async stop() {
      await browser.close();
      await serve.stop();
    },
  };
}

/**
 * Initialises the server through the API. The admin's credentials use cheap KDF parameters (their
 * parameters travel with them, so the browser derives cheaply too): the KDF is not what these specs test.
 */
export async function initThroughApi(serve: ServeProcess): Promise<void> {
  await VaultSession.initialize(serve.client(), {
    unseal: { method: 'passphrase', passphrase: UNSEAL_PASSPHRASE },
    admin: ADMIN,
    kdf: TEST_KDF_PARAMS,
  });
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function openAndSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await signIn(page, username, password);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

/** Has the admin create a user and enrolls them through the API (cheap KDF, as above); returns their id. */
export async function enrollThroughApi(
  serve: ServeProcess,
  admin: VaultSession,
  user: { username: string; displayName: string; role: 'admin' | 'moderator' | 'user'; password: string },
): Promise<string> {
  const { userId, enrollmentCode } = await admin.client.request('createUser', {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
  });
  await VaultSession.enroll(serve.client(), user.username, enrollmentCode, user.password, TEST_KDF_PARAMS);
  return userId;
}

/** Has the admin create each person and enrolls them through the API (cheap KDF, as above). */
export async function addPeople(serve: ServeProcess, people: readonly Account[]): Promise<void> {
  const admin = await VaultSession.login(serve.client(), ADMIN.username, ADMIN.password, 'cli');
  for (const person of people) await enrollThroughApi(serve, admin, { ...person, role: 'user' });
  await admin.logout();
}

/** Each person at a browser window of their own, signed in through the UI, side by side (one per account). */
export async function signedInWindows<const People extends readonly Account[]>(
  stage: Stage,
  people: People,
  viewport?: { width: number; height: number },
): Promise<{ [K in keyof People]: Person }> {
  const windows = await Promise.all(
    people.map(async (account) => {
      const person = await newPerson(stage.browser, stage.serve.url, viewport);
      await openAndSignIn(person.page, account.username, account.password);
      return person;
    }),
  );
  // Promise.all over a mapped tuple answers a plain array; it holds one window per account, in order.
  return windows as { [K in keyof People]: Person };
}

/** The window's top-level sections, as the navigation names them. */
export function sectionNames(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('button').allTextContents();
}

/** Opens Admin, then one of its sections, and waits for that section's heading. */
export async function openAdminSection(page: Page, section: string, heading = section): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Admin', exact: true })
    .click();
  await page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('button', { name: section })
    .click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** Opens Admin and names the sections this role sees there. */
export async function adminSectionNames(page: Page): Promise<string[]> {
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: 'Admin', exact: true })
    .click();
  return page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button').allTextContents();
}
