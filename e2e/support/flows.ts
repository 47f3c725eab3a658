// Steps several specs share: a server set up through the API, and signing in through the real UI.
import type { Page } from 'playwright-core';
import { TEST_KDF_PARAMS } from '../../client/crypto/index.ts';
import { VaultSession } from '../../client/index.ts';
import type { ServeProcess } from './serve-process.ts';

export const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'correct horse battery' };
export const UNSEAL_PASSPHRASE = 'e2e unseal passphrase';

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
