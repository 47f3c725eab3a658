// electron-builder afterPack hook: sets Electron's fuses in the packed binary, before signing.
// No running as plain Node, no NODE_OPTIONS or --inspect, the app only from its archive, cookies
// encrypted, no extra privileges for file://. The archive's integrity is checked on macOS and Windows
// only: Electron implements asar integrity there and nowhere else (electronjs.org/docs/latest/tutorial/
// asar-integrity; Bitwarden's after-pack.js sets the fuse the same way).
const path = require('node:path');

/** The fuses every Keyhold build ships with; the packaging test holds the hook to exactly these. */
function keyholdFuses(FuseV1Options, FuseVersion, platform) {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ['darwin', 'mas', 'win32'].includes(platform),
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The Electron executable inside the packed app, per platform. */
function executablePath(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName);
  }
}

async function afterPack(context, fuses = require('@electron/fuses')) {
  const { flipFuses, FuseV1Options, FuseVersion } = fuses;
  await flipFuses(
    executablePath(context),
    keyholdFuses(FuseV1Options, FuseVersion, context.electronPlatformName),
  );
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.keyholdFuses = keyholdFuses;
module.exports.executablePath = executablePath;
