// The app refuses to run without Chromium's sandbox unless the person opts in, and says why.
import { describe, expect, it } from 'vitest';
import { ALLOW_NO_SANDBOX_ENV, sandboxRefusal } from './sandbox-check.ts';

describe('starting without the sandbox', () => {
  it('starts normally when nothing turned the sandbox off', () => {
    expect(
      sandboxRefusal({ noSandbox: false, env: { APPIMAGE: '/home/a/Keyhold.AppImage' }, platform: 'linux' }),
    ).toBeNull();
  });

  it('refuses the AppImage launcher’s silent --no-sandbox and points to the .deb and its AppArmor profile', () => {
    const message = sandboxRefusal({
      noSandbox: true,
      env: { APPIMAGE: '/home/a/Keyhold.AppImage' },
      platform: 'linux',
    });
    expect(message).toMatch(/Ubuntu 23\.10 or later/);
    expect(message).toMatch(/\.deb package/);
    expect(message).toContain(`${ALLOW_NO_SANDBOX_ENV}=1`);
  });

  it('refuses a hand-given --no-sandbox elsewhere, and runs when the person opted in', () => {
    expect(sandboxRefusal({ noSandbox: true, env: {}, platform: 'win32' })).toMatch(
      /started with --no-sandbox/,
    );
    expect(
      sandboxRefusal({ noSandbox: true, env: { [ALLOW_NO_SANDBOX_ENV]: '1' }, platform: 'linux' }),
    ).toBeNull();
  });
});
