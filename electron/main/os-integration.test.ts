// Clipboard clearing, auto-lock and the keychain, with Electron's clipboard, powerMonitor and safeStorage
// taken from the typed fake (tests/support/fake-electron.ts) and time simulated.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockReason } from '../../contract/index.ts';
import { type FakeElectronOptions, fakeElectron } from '../../tests/support/fake-electron.ts';
import { AutoLock, IDLE_POLL_MS, SCREEN_LOCK_POLL_MS } from './auto-lock.ts';
import { ClipboardGuard } from './clipboard-guard.ts';
import { Keychain } from './keychain.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function guard(platform: NodeJS.Platform = 'linux') {
  const { electron, controls } = fakeElectron();
  const cleared = vi.fn();
  const clipboardGuard = new ClipboardGuard(electron.clipboard, electron.ClipboardItem, cleared, platform);
  return { clipboard: controls.clipboard, guard: clipboardGuard, cleared };
}

describe('clipboard clearing', () => {
  it('clears after the delay if the clipboard still holds what was copied', async () => {
    const { clipboard, guard: g, cleared } = guard();
    await g.copy('s3cret', 30);
    expect(clipboard.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(clipboard.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clipboard.text).toBe('');
    expect(cleared).toHaveBeenCalledOnce();
  });

  it('leaves alone what the user copied since, and a new copy restarts the delay', async () => {
    const { clipboard, guard: g } = guard();
    await g.copy('first', 30);
    clipboard.copiedElsewhere('the user copied this');
    await vi.advanceTimersByTimeAsync(31_000);
    expect(clipboard.text).toBe('the user copied this');

    await g.copy('a', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    await g.copy('b', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clipboard.text).toBe('b');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clipboard.text).toBe('');
  });

  it('clears at once when asked (lock, quit) only if it still holds what was copied, and only once', async () => {
    const { clipboard, guard: g, cleared } = guard();
    await g.copy('s3cret', 30);
    expect(await g.clearIfOurs()).toBe(true);
    expect(clipboard.text).toBe('');
    // Nothing pending any more: a second lock, or the timer, clears nothing the user copies next.
    clipboard.copiedElsewhere('mine');
    expect(await g.clearIfOurs()).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clipboard.text).toBe('mine');
    await g.copy('again', 30);
    clipboard.copiedElsewhere('mine too');
    expect(await g.clearIfOurs()).toBe(false);
    expect(clipboard.text).toBe('mine too');
    expect(cleared).toHaveBeenCalledOnce();
  });

  it('never clears when the delay is 0, not even on lock', async () => {
    const { clipboard, guard: g } = guard();
    await g.copy('kept', 0);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(await g.clearIfOurs()).toBe(false);
    expect(clipboard.text).toBe('kept');
  });
});

function fakePower(options: FakeElectronOptions = {}) {
  const { electron, controls } = fakeElectron(options);
  return { power: electron.powerMonitor, controls };
}

describe('auto-lock', () => {
  it('locks once after 5 idle minutes by default, and again after new activity and idleness', async () => {
    const { power, controls } = fakePower();
    const locks: LockReason[] = [];
    const autoLock = new AutoLock(power, (r) => locks.push(r), 'win32');
    autoLock.start();
    controls.setIdle(4 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(locks).toEqual([]);
    controls.setIdle(5 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS * 3);
    expect(locks).toEqual(['idle']);
    controls.setIdle(2);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    controls.setIdle(6 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(locks).toEqual(['idle', 'idle']);
    autoLock.stop();
  });

  it('locks at once on screen lock and on suspend; the idle time is configurable and 0 turns it off', async () => {
    const { power, controls } = fakePower();
    const locks: LockReason[] = [];
    const autoLock = new AutoLock(power, (r) => locks.push(r), 'darwin');
    autoLock.start();
    controls.emitPower('lock-screen');
    controls.emitPower('suspend');
    expect(locks).toEqual(['screen-locked', 'suspend']);
    autoLock.setIdleMinutes(1);
    controls.setIdle(61);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(locks.at(-1)).toBe('idle');
    autoLock.setIdleMinutes(0);
    controls.setIdle(10 * 3600);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS * 4);
    expect(locks).toHaveLength(3);
    autoLock.stop();
    controls.emitPower('lock-screen');
    expect(locks).toHaveLength(3);
  });

  it('polls the screen lock on Linux only; macOS and Windows take the event', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const { power, controls } = fakePower();
      const locks: LockReason[] = [];
      const autoLock = new AutoLock(power, (r) => locks.push(r), platform);
      autoLock.start();
      controls.setIdleState('locked');
      await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
      expect(locks).toEqual(platform === 'linux' ? ['screen-locked'] : []);
      autoLock.stop();
      controls.setIdleState('active');
      await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS);
      controls.setIdleState('locked');
      await vi.advanceTimersByTimeAsync(SCREEN_LOCK_POLL_MS * 2);
      expect(locks).toHaveLength(platform === 'linux' ? 1 : 0);
    }
  });
});

describe("this computer's keychain", () => {
  const PASSPHRASE = 'keychain unseal passphrase';
  const keychainFile = () =>
    path.join(mkdtempSync(path.join(os.tmpdir(), 'kh-keychain-')), 'unseal.keychain');
  const storage = (options: FakeElectronOptions = {}) => fakeElectron(options).electron.safeStorage;

  it('keeps the passphrase encrypted in an owner-only file and unseals through the server', async () => {
    vi.useRealTimers();
    const file = keychainFile();
    const call = vi.fn(async () => ({ ok: true as const, value: {} }));
    const keychain = new Keychain(storage(), file, call, 'linux');
    expect(await keychain.status()).toEqual({ available: true, remembered: false, reason: null });
    expect((await keychain.unseal()).ok).toBe(false);
    expect(await keychain.remember(PASSPHRASE)).toEqual({ available: true, remembered: true, reason: null });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(PASSPHRASE)).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ backend: 'gnome_libsecret' });
    expect((await keychain.unseal()).ok).toBe(true);
    expect(call).toHaveBeenCalledWith({
      operation: 'unseal',
      input: { passphrase: PASSPHRASE },
      token: null,
      opNumber: null,
    });
    expect(await keychain.forget()).toEqual({ available: true, remembered: false, reason: null });
  });

  it('refuses to keep the passphrase on Linux without a keyring (basic_text), and says why', async () => {
    vi.useRealTimers();
    for (const backend of ['basic_text', 'unknown'] as const) {
      const file = keychainFile();
      // safeStorage itself says encryption is available: with basic_text it is a key built into Chromium.
      const keychain = new Keychain(storage({ backend, encryption: true }), file, vi.fn(), 'linux');
      expect(await keychain.status()).toEqual({ available: false, remembered: false, reason: 'no-keyring' });
      await expect(keychain.remember(PASSPHRASE)).rejects.toThrow(/no keyring/);
      expect((await keychain.status()).remembered).toBe(false);
    }
    // The backend is a Linux notion: on macOS and Windows the OS keychain is used whatever it answers.
    const mac = new Keychain(storage({ backend: 'basic_text' }), keychainFile(), vi.fn(), 'darwin');
    expect((await mac.status()).available).toBe(true);
  });

  it('refuses to keep the passphrase when the OS offers no encryption', async () => {
    vi.useRealTimers();
    const file = keychainFile();
    const keychain = new Keychain(storage({ encryption: false }), file, vi.fn(), 'win32');
    expect(await keychain.status()).toEqual({ available: false, remembered: false, reason: 'no-encryption' });
    await expect(keychain.remember(PASSPHRASE)).rejects.toThrow(/not available/);
  });

  it('refuses the kept passphrase after the keyring changed, and keeps it again when asked', async () => {
    vi.useRealTimers();
    const file = keychainFile();
    const call = vi.fn(async () => ({ ok: true as const, value: {} }));
    await new Keychain(storage({ backend: 'kwallet5' }), file, call, 'linux').remember(PASSPHRASE);
    const now = new Keychain(storage({ backend: 'gnome_libsecret' }), file, call, 'linux');
    expect(await now.status()).toEqual({ available: true, remembered: true, reason: 'backend-changed' });
    expect(await now.unseal()).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(call).not.toHaveBeenCalled();
    await now.remember(PASSPHRASE);
    expect((await now.status()).reason).toBeNull();
    expect((await now.unseal()).ok).toBe(true);
  });

  it('re-encrypts the kept passphrase when the OS says its key changed', async () => {
    vi.useRealTimers();
    const file = keychainFile();
    const call = vi.fn(async () => ({ ok: true as const, value: {} }));
    const { electron } = fakeElectron();
    await new Keychain(electron.safeStorage, file, call, 'linux').remember(PASSPHRASE);
    const encryptStringAsync = vi.fn(electron.safeStorage.encryptStringAsync);
    const rotating = {
      ...electron.safeStorage,
      encryptStringAsync,
      decryptStringAsync: async (encrypted: Buffer) => ({
        ...(await electron.safeStorage.decryptStringAsync(encrypted)),
        shouldReEncrypt: true,
      }),
    };
    expect((await new Keychain(rotating, file, call, 'linux').unseal()).ok).toBe(true);
    expect(encryptStringAsync).toHaveBeenCalledWith(PASSPHRASE);
    expect(call).toHaveBeenCalledWith(expect.objectContaining({ input: { passphrase: PASSPHRASE } }));
    // Still readable afterwards.
    expect((await new Keychain(electron.safeStorage, file, call, 'linux').unseal()).ok).toBe(true);
  });

  it('refuses a damaged file with a sentence, without calling the server', async () => {
    vi.useRealTimers();
    const file = keychainFile();
    writeFileSync(file, 'not json');
    const call = vi.fn();
    const keychain = new Keychain(storage(), file, call, 'linux');
    expect(await keychain.unseal()).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(call).not.toHaveBeenCalled();
  });
});
