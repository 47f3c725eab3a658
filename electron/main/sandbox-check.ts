// Keyhold does not run without Chromium's OS sandbox unless the person asks for it. electron-builder's
// AppImage launcher (AppRun, app-builder-lib 26) adds --no-sandbox by itself wherever `unshare -Ur true`
// fails, which is every Ubuntu ≥ 23.10 with AppArmor's user-namespace restriction (electron/electron#42510).
// A secrets vault should not lose its sandbox silently: this says why, and what to install instead.
// What Signal and Bitwarden do: ship a .deb whose postinst installs an AppArmor profile granting `userns`
// (electron-builder's templates/linux/after-install.tpl and apparmor-profile.tpl, which our deb keeps), and
// never pass --no-sandbox themselves; Bitwarden's after-pack.js likewise keeps the sandbox on Linux.

export const ALLOW_NO_SANDBOX_ENV = 'KEYHOLD_ALLOW_NO_SANDBOX';

/**
 * Null when the app may start; otherwise the message to show before quitting. Started with --no-sandbox
 * (by hand, or by the AppImage launcher) it refuses unless KEYHOLD_ALLOW_NO_SANDBOX=1 says the person
 * accepts running without it.
 */
export function sandboxRefusal(options: {
  noSandbox: boolean;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
}): string | null {
  if (!options.noSandbox || options.env[ALLOW_NO_SANDBOX_ENV] === '1') return null;
  const appImage = options.platform === 'linux' && Boolean(options.env.APPIMAGE);
  return [
    'Keyhold will not run without the system sandbox that isolates its window.',
    appImage
      ? 'This AppImage cannot use it here: the system (Ubuntu 23.10 or later) restricts unprivileged user namespaces through AppArmor, so the AppImage launcher turned the sandbox off.'
      : 'It was started with --no-sandbox.',
    appImage
      ? 'Install the Keyhold .deb package instead: it installs an AppArmor profile that lets Keyhold keep its sandbox. Or ask your administrator to add an AppArmor profile for this AppImage (see the README).'
      : 'Start it without --no-sandbox.',
    `To run without the sandbox anyway, at your own risk, start it with ${ALLOW_NO_SANDBOX_ENV}=1.`,
  ].join('\n\n');
}
