// The fake `electron` is held to Electron 45's own types: these lines must fail the typecheck (each
// `@ts-expect-error` is itself an error if the line below it compiles), so `npm test`'s tsc fails the day
// the fake grows an API that Electron lacks, or keeps one that main must no longer use.
import { describe, expect, it } from 'vitest';
import { fakeElectron } from '../../tests/support/fake-electron.ts';
import type { ClipboardSurface, DesktopElectron, SafeStorageSurface } from './electron-surface.ts';

describe('the fake electron module', () => {
  it('has no API that Electron 45 lacks, and none of the deprecated ones main left behind', () => {
    const { electron } = fakeElectron();
    const clipboard = {
      ...electron.clipboard,
      // @ts-expect-error Electron 45's clipboard has no writeBuffer (raw formats go through write()).
      writeBuffer: (_format: string, _buffer: Buffer) => {},
    } satisfies ClipboardSurface;
    const safeStorage = {
      ...electron.safeStorage,
      // @ts-expect-error the synchronous decryptString is deprecated in Electron 45; main uses the async one.
      decryptString: (_encrypted: Buffer) => '',
    } satisfies SafeStorageSurface;
    const app = {
      ...electron.app,
      // @ts-expect-error there is no app.lockScreen in Electron.
      lockScreen: () => {},
    } satisfies DesktopElectron['app'];
    // The fake as a whole is what runDesktop accepts.
    const whole: DesktopElectron<unknown> = electron;
    expect([clipboard, safeStorage, app, whole].every(Boolean)).toBe(true);
  });
});
