// The packaging configuration, loaded and validated by electron-builder itself, and the fuses hook.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../', import.meta.url));

interface BuilderConfig {
  appId: string;
  files: { filter: string[] }[];
  afterPack: string;
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

describe('packaging', () => {
  it('electron-builder loads and validates the configuration, which names every target', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig(dir: string, file: string, extra: null): Promise<BuilderConfig>;
      validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(root, 'build/electron-builder.config.cjs', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.files[0]?.filter).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**']));
    expect(config.asarUnpack.join()).toContain('better-sqlite3');
    expect(config.npmRebuild).toBe(true);
    expect(config.afterPack).toBe('build/after-pack.cjs');
  });

  it('the afterPack hook flips exactly the hardening fuses on the packed executable', async () => {
    const afterPack = require('./after-pack.cjs') as (context: unknown, fuses: unknown) => Promise<void>;
    const { FuseV1Options, FuseVersion } = require('@electron/fuses') as {
      FuseV1Options: Record<string, number>;
      FuseVersion: Record<string, number>;
    };
    const flipFuses = vi.fn(async () => 0);
    const context = (platform: string) => ({
      electronPlatformName: platform,
      appOutDir: '/out',
      packager: { appInfo: { productFilename: 'Keyhold' }, executableName: 'keyhold' },
    });
    await afterPack(context('linux'), { flipFuses, FuseV1Options, FuseVersion });
    await afterPack(context('darwin'), { flipFuses, FuseV1Options, FuseVersion });
    await afterPack(context('win32'), { flipFuses, FuseV1Options, FuseVersion });
    const calls = flipFuses.mock.calls as unknown as [string, Record<string | number, unknown>][];
    expect(calls.map((c) => c[0])).toEqual([
      path.join('/out', 'keyhold'),
      path.join('/out', 'Keyhold.app', 'Contents', 'MacOS', 'Keyhold'),
      path.join('/out', 'Keyhold.exe'),
    ]);
    const fuses = calls[0]?.[1] ?? {};
    expect(fuses).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode as number]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable as number]: false,
      [FuseV1Options.EnableNodeCliInspectArguments as number]: false,
      [FuseV1Options.OnlyLoadAppFromAsar as number]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation as number]: true,
      [FuseV1Options.EnableCookieEncryption as number]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges as number]: false,
    });
    expect(calls[1]?.[1].resetAdHocDarwinSignature).toBe(true);
  });
});
