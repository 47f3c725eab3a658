// The real desktop app under Playwright's _electron, when an Electron binary exists on this machine: the
// first run in host mode, a secret created and copied (with its clipboard-manager marker), Lock from the
// app menu (which takes the secret off the clipboard), and quit. Where no binary can be had (this
// workplace, CI without network) the spec reports itself skipped, with the reason.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const PASSPHRASE = 'electron e2e unseal passphrase';
const PASSWORD = 'electron-e2e-Pa55word';
const SECRET = 'electron-e2e-secret-value';

/** The binary electron's own package points at, or why there is none. */
function electronBinary(): { binary: string } | { skipped: string } {
  const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      skipped:
        'no Electron binary on this machine (node_modules/electron has no path.txt: it was never downloaded)',
    };
  }
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { skipped: `no Electron binary at ${binary}` };
}

const found = electronBinary();
const binary = 'binary' in found ? found.binary : null;
const title = binary
  ? 'the desktop app'
  : `the desktop app (skipped: ${'skipped' in found ? found.skipped : ''})`;

describe.skipIf(!binary)(title, () => {
  it('first run in host mode, create and copy a secret, lock from the menu, quit', {
    timeout: 240_000,
  }, async (context) => {
    const [{ buildRenderer }, { buildElectron }, { ensureElectronSqlite }] = await Promise.all([
      import('../scripts/build-renderer.mjs'),
      import('../scripts/build-electron.mjs'),
      import('../scripts/electron-native.mjs'),
    ]);
    // The host worker loads better-sqlite3 built for this Electron's ABI (as `npm start` does); where it
    // cannot be had (offline, no compiler), the app could not open its store, so the spec says why.
    try {
      await ensureElectronSqlite();
    } catch (error) {
      context.skip(
        `no better-sqlite3 for this Electron: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await Promise.all([buildRenderer(), buildElectron()]);
    const userData = mkdtempSync(path.join(os.tmpdir(), 'keyhold-electron-'));
    const app = await _electron.launch({
      executablePath: binary as string,
      args: [root, `--user-data-dir=${userData}`],
    });
    try {
      const page = await app.firstWindow();
      // The first run asks whether this computer hosts the vault or connects to a server elsewhere.
      await page.getByRole('heading', { name: 'Welcome to Keyhold' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: /Host a vault on this computer/ }).click();
      await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
      // The hardened window: no Node, one bridge of two functions, one window.
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(() => Object.keys((window as unknown as { keyhold: object }).keyhold).sort()),
      ).toEqual(['call', 'onEvent']);
      expect(app.windows()).toHaveLength(1);

      await page.getByLabel('Unseal passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('User name').fill('founder');
      await page.getByLabel('Display name').fill('The Founder');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Repeat the password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Set up' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 60_000 });
      await page.getByLabel('User name').fill('founder');
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Sections' }).waitFor({ timeout: 60_000 });

      await page.getByRole('button', { name: 'New secret' }).click();
      const form = page.getByRole('form', { name: 'New secret' });
      await form.getByLabel('Name', { exact: true }).fill('electron e2e');
      await form.getByLabel('Password', { exact: true }).fill(SECRET);
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'electron e2e', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Copy Password' }).click();
      await page.getByText(/Password copied/).waitFor();
      // Main wrote it, marked for clipboard managers as this system expects.
      const marker =
        {
          win32: 'CanIncludeInClipboardHistory',
          darwin: 'org.nspasteboard.ConcealedType',
        }[process.platform as 'win32' | 'darwin'] ?? 'x-kde-passwordManagerHint';
      expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe(SECRET);
      expect(
        await app.evaluate(
          ({ clipboard }, format) => clipboard.has(`electron application/osclipboard;format="${format}"`),
          marker,
        ),
      ).toBe(true);

      // Lock from the application menu, as a person would with the menu or Ctrl/Cmd+L.
      await app.evaluate(({ Menu }) => {
        const items = Menu.getApplicationMenu()?.items.flatMap((menu) => menu.submenu?.items ?? []) ?? [];
        const lock = items.find((item) => item.label === 'Lock');
        if (!lock) throw new Error('no Lock entry in the application menu');
        lock.click();
      });
      await page.getByRole('heading', { name: 'Unlock' }).waitFor({ timeout: 30_000 });
      await page.getByText('Locked.').waitFor();
      await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toBe('');

      // Quit: the embedded server closes its database and the process ends.
      const exited = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
      await app.evaluate(({ app: electronApp }) => electronApp.quit());
      await exited;
    } finally {
      await app.close().catch(() => {});
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
