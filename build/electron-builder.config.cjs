// electron-builder configuration: AppImage and deb (Linux), NSIS (Windows), dmg (macOS).
// `npm run dist` builds the bundles, stages dist/app (scripts/stage-app.mjs: its own package.json, the
// bundles, the UI, the two native modules and better-sqlite3 built for Electron in native/), then packs that
// folder only. electron-builder neither collects nor rebuilds node_modules (beforeBuild answers false), so
// the checkout's better-sqlite3 stays built for Node and `npm test` keeps passing after a dist.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.keyhold.app',
  // The same name as package.json's productName: the user-data folder Electron derives from it.
  productName: 'Keyhold',
  copyright: 'Copyright © 2026 Keyhold',
  directories: { app: 'dist/app', output: 'dist/packages', buildResources: 'build' },
  // The staged folder holds only what runs; its modules are in dist/electron/node_modules (stage-app.mjs
  // says why), named here because electron-builder drops node_modules folders no pattern names.
  files: [
    'package.json',
    'dist/electron/*.cjs',
    'dist/electron/node_modules/**',
    'dist/renderer/**',
    'native/**',
    '!**/*.map',
    '!**/*.d.ts',
  ],
  asar: true,
  // Native addons cannot load from inside the archive.
  asarUnpack: ['native/**', '**/*.node'],
  // "Resolving to false will skip dependencies install or rebuild" (electron-builder's beforeBuild): the
  // staged folder is complete, and a rebuild would replace the checkout's Node build in place.
  npmRebuild: true,
  beforeBuild: 'build/before-build.cjs',
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  afterPack: 'build/after-pack.cjs',
  icon: 'build/icons/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    maintainer: 'Keyhold <security@keyhold.dev>',
    synopsis: 'Secrets vault with its own secrets server',
    icon: 'build/icons',
  },
  // No `depends` here: electron-builder's default list (libgtk-3-0, libnotify4, libnss3, libxss1, libxtst6,
  // xdg-utils, libatspi2.0-0, libuuid1, libsecret-1-0) is what Electron needs, and setting the option
  // replaces it. Its default postinst also installs an AppArmor profile granting `userns`, so the deb keeps
  // Chromium's sandbox on Ubuntu ≥ 23.10 (templates/linux/after-install.tpl, apparmor-profile.tpl).
  deb: {},
  win: { target: ['nsis'], icon: 'build/icons/icon.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
    icon: 'build/icons/icon.png',
  },
  // electron-builder expands ${version} itself.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a builder macro, not a JS template
  dmg: { title: 'Keyhold ${version}' },
};
