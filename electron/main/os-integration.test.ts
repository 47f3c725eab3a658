// Clipboard clearing, auto-lock and the keychain, with Electron's clipboard, powerMonitor and
// safeStorage faked and time simulated.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockReason } from '../../server/contract/index.ts';
import { AutoLock, IDLE_POLL_MS, type PowerMonitorLike } from './auto-lock.ts';
import { ClipboardGuard } from './clipboard-guard.ts';
import { Keychain } from './keychain.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function fakeClipboard() {
  let text = '';
  return {
    readText: async () => text,
    writeText: async (t: string) => {
      text = t;
    },
    clear: () => {
      text = '';
    },
    get text() {
      return text;
    },
  };
}

describe('clipboard clearing', () => {
  it('clears after the delay if the clipboard still holds what was copied', async () => {
    const clipboard = fakeClipboard();
    const cleared = vi.fn();
    await new ClipboardGuard(clipboard, cleared).copy('s3cret', 30);
    expect(clipboard.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(clipboard.text).toBe('s3cret');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clipboard.text).toBe('');
    expect(cleared).toHaveBeenCalledOnce();
  });

  it('leaves alone what the user copied since, and a new copy restarts the delay', async () => {
    const clipboard = fakeClipboard();
    const guard = new ClipboardGuard(clipboard, vi.fn());
    await guard.copy('first', 30);
    await clipboard.writeText('the user copied this');
    await vi.advanceTimersByTimeAsync(31_000);
    expect(clipboard.text).toBe('the user copied this');

    await guard.copy('a', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    await guard.copy('b', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(clipboard.text).toBe('b');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(clipboard.text).toBe('');
  });

  it('never clears when the delay is 0', async () => {
    const clipboard = fakeClipboard();
    await new ClipboardGuard(clipboard, vi.fn()).copy('kept', 0);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(clipboard.text).toBe('kept');
  });
});

function fakePower() {
  let idle = 0;
  const listeners = new Map<string, () => void>();
  const power: PowerMonitorLike = {
    getSystemIdleTime: () => idle,
    on: (event, listener) => listeners.set(event, listener),
    removeListener: (event) => listeners.delete(event),
  };
  return { power, setIdle: (s: number) => (idle = s), emit: (e: string) => listeners.get(e)?.(), listeners };
}

describe('auto-lock', () => {
  it('locks once after 5 idle minutes by default, and again after new activity and idleness', async () => {
    const { power, setIdle } = fakePower();
    const locks: LockReason[] = [];
    const autoLock = new AutoLock(power, (r) => locks.push(r));
    autoLock.start();
    setIdle(4 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(locks).toEqual([]);
    setIdle(5 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS * 3);
    expect(locks).toEqual(['idle']);
    setIdle(2);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    setIdle(6 * 60);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(locks).toEqual(['idle', 'idle']);
    autoLock.stop();
  });

  it('locks at once on screen lock and on suspend; the idle time is configurable and 0 turns it off', async () => {
    const { power, setIdle, emit, listeners } = fakePower();
    const locks: LockReason[] = [];
    const autoLock = new AutoLock(power, (r) => locks.push(r));
    autoLock.start();
    emit('lock-screen');
    emit('suspend');
    expect(locks).toEqual(['screen-locked', 'suspend']);
    autoLock.setIdleMinutes(1);
    setIdle(61);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS);
    expect(locks.at(-1)).toBe('idle');
    autoLock.setIdleMinutes(0);
    setIdle(10 * 3600);
    await vi.advanceTimersByTimeAsync(IDLE_POLL_MS * 4);
    expect(locks).toHaveLength(3);
    autoLock.stop();
    expect(listeners.size).toBe(0);
  });
});

describe("this computer's keychain", () => {
  const PASSPHRASE = 'keychain unseal passphrase';
  const fakeSafeStorage = (available = true) => ({
    isEncryptionAvailable: () => available,
    // Stands in for the OS: reversible, and not the plain text.
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (enc: Buffer) => Buffer.from(enc.map((b) => b ^ 0x5a)).toString('utf8'),
  });

  it('keeps the passphrase encrypted in an owner-only file and unseals through the server', async () => {
    vi.useRealTimers();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kh-keychain-')), 'unseal.keychain');
    const call = vi.fn(async () => ({ ok: true as const, value: {} }));
    const keychain = new Keychain(fakeSafeStorage(), file, call);
    expect(keychain.status()).toEqual({ available: true, remembered: false });
    expect((await keychain.unseal()).ok).toBe(false);
    expect(keychain.remember(PASSPHRASE)).toEqual({ available: true, remembered: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(PASSPHRASE)).toBe(false);
    expect((await keychain.unseal()).ok).toBe(true);
    expect(call).toHaveBeenCalledWith({
      operation: 'unseal',
      input: { passphrase: PASSPHRASE },
      token: null,
      opNumber: null,
    });
    expect(keychain.forget()).toEqual({ available: true, remembered: false });
  });

  it('refuses to remember when the OS offers no encryption', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kh-keychain-')), 'unseal.keychain');
    const keychain = new Keychain(fakeSafeStorage(false), file, vi.fn());
    expect(() => keychain.remember(PASSPHRASE)).toThrow(/not available/);
    expect(keychain.status().remembered).toBe(false);
  });
});
