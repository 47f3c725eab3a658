// The real desktop app under Playwright's _electron, when an Electron binary exists on this machine.
// Where it cannot be downloaded (this workplace, CI) the spec reports itself skipped, with the reason.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

function electronBinary(): string | null {
  const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();

describe.skipIf(!binary)(
  'the desktop app (skipped: no Electron binary on this machine; it cannot be downloaded here)',
  () => {
    it('opens one hardened window on the first-run screen', { timeout: 120_000 }, async () => {
      const [{ buildRenderer }, { buildElectron }] = await Promise.all([
        import('../scripts/build-renderer.mjs'),
        import('../scripts/build-electron.mjs'),
      ]);
      await Promise.all([buildRenderer(), buildElectron()]);
      const userData = mkdtempSync(path.join(os.tmpdir(), 'keyhold-electron-'));
      const app = await _electron.launch({
        executablePath: binary as string,
        args: [root, `--user-data-dir=${userData}`],
      });
      try {
        const page = await app.firstWindow();
        // The first run asks whether this computer hosts the vault or connects to a server elsewhere.
        await page.getByRole('heading', { name: 'Welcome to Keyhold' }).waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: /Host a vault on this computer/ }).click();
        await page.getByRole('heading', { name: 'Set up Keyhold' }).waitFor();
        expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
          'undefined',
        );
        expect(
          await page.evaluate(() => Object.keys((window as unknown as { keyhold: object }).keyhold).sort()),
        ).toEqual(['call', 'onEvent']);
        expect(app.windows()).toHaveLength(1);
      } finally {
        await app.close();
        rmSync(userData, { recursive: true, force: true });
      }
    });
  },
);
