// The client's end-to-end crypto is runtime-neutral: what Node encrypts, Chromium opens, and the reverse.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as e2e from '../../client/crypto/index.ts';
import { CHROMIUM, launchChromium } from '../support/chromium.ts';
import type { BrowserMade, NodeMade } from './crypto-entry.ts';

// Debian's Chromium (DEVELOPERS.md); CI installs it. A developer machine without it skips, saying why.
const available = existsSync(CHROMIUM);
if (!available && process.env.CI)
  throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium`);

let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!available)(
  `client crypto in Chromium${available ? '' : ' (skipped: /usr/bin/chromium is not installed)'}`,
  () => {
    it('opens in Chromium what Node sealed, and Node opens what Chromium sealed', async () => {
      const bundle = await build({
        entryPoints: [path.join(import.meta.dirname, 'crypto-entry.ts')],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        write: false,
      });
      const page = await browser.newPage();
      await page.setContent('<!doctype html><title>keyhold crypto</title>');
      await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });

      const password = 'pässwörd in two runtimes';
      const salt = e2e.randomSalt();
      const kdf = e2e.TEST_KDF_PARAMS;
      const keys = await e2e.deriveLoginKeys(password, salt, kdf);
      const user = e2e.generateUserKeyPair();
      const node = e2e.generateUserKeyPair();
      const secretId = crypto.randomUUID();
      const contentKey = e2e.newContentKey();
      const input: NodeMade = {
        password,
        salt: e2e.toBase64(salt),
        kdf,
        authHash: e2e.toBase64(keys.authHash),
        sealedPrivateKey: e2e.sealPrivateKey(user.privateKey, keys.kek),
        wrappedKey: e2e.wrapContentKey(contentKey, user.publicKey, secretId),
        itemCiphertext: e2e.encryptItem(contentKey, e2e.utf8Encode('the value ✓'), { secretId, version: 1 }),
        secretId,
        nodePublicKey: e2e.toBase64(node.publicKey),
      };
      const made = (await page.evaluate(
        (arg) =>
          (
            globalThis as unknown as { keyholdCryptoCheck: (i: unknown) => Promise<unknown> }
          ).keyholdCryptoCheck(arg),
        input,
      )) as BrowserMade;

      expect(made.hasNodeGlobals).toBe(false);
      expect(made.authHashMatches).toBe(true);
      expect(made.plaintext).toBe('the value ✓');
      const key = e2e.unwrapContentKey(made.wrappedForNode, node.privateKey, secretId);
      expect(e2e.utf8Decode(e2e.decryptItem(key, made.itemCiphertext, { secretId, version: 2 }))).toBe(
        'the value ✓ (edited in Chromium)',
      );
    });
  },
);
