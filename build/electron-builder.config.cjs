// electron-builder configuration: AppImage and deb (Linux), NSIS (Windows), dmg (macOS).
// `npm run dist` builds the bundles first, then packages where Electron can be downloaded.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.keyhold.app',
  productName: 'Keyhold',
  copyright: 'Copyright © 2026 Keyhold',
  directories: { output: 'dist/packages', buildResources: 'build' },
  // Only what runs: the bundles, the built UI and package.json (the native modules come from dependencies).
  files: ['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map'],
  asar: true,
  // Native addons cannot load from inside the archive.
  asarUnpack: ['**/node_modules/better-sqlite3/**', '**/node_modules/@node-rs/**'],
  // Native modules are rebuilt against Electron's Node ABI.
  npmRebuild: true,
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
  deb: { depends: ['libsecret-1-0'] },
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
