// The browser platform: HTTPS to the origin that served the page; the token stays in memory only.
import { createHttpsTransport } from '../../client/index.ts';
import type { Platform } from './platform.ts';

export function createWebPlatform(origin: string): Platform {
  let clearTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    kind: 'web',
    transport: createHttpsTransport({ baseUrl: origin }),
    tracksIdle: false,
    keychain: null,
    connection: null,
    async copy(text, clearAfterSeconds) {
      await navigator.clipboard.writeText(text);
      clearTimeout(clearTimer);
      if (clearAfterSeconds <= 0) return;
      clearTimer = setTimeout(() => void clearIfUnchanged(text), clearAfterSeconds * 1000);
    },
    setAutoLock: () => {},
    onLock: () => () => {},
  };
}

/** Clears the clipboard only if it still holds what we put there; never wipes what the user copied since. */
async function clearIfUnchanged(copied: string): Promise<void> {
  try {
    if ((await navigator.clipboard.readText()) === copied) await navigator.clipboard.writeText('');
  } catch {
    // Reading needs permission (or focus) in browsers. Without it we cannot know whether the clipboard
    // still holds our text; overwriting something else the user copied would be worse than leaving it.
  }
}
