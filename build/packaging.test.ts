// The packaging: electron-builder's view of the configuration, the fuses hook, and a real `--dir` pack of
// the staged app against a stand-in Electron distribution (electronDist: no download), whose contents are
// checked file by file and then run under Node with the tests' fake `electron`.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../', import.meta.url));
const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  productName: string;
  author: string;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { app: string };
  files: { filter: string[] }[];
  afterPack: string;
  beforeBuild: string;
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[] };
  deb: { depends?: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

interface FuseModule {
  FuseV1Options: Record<string, number>;
  FuseVersion: Record<string, string>;
  getCurrentFuseWire(file: string): Promise<Record<string, number | string>>;
}
const fuses = require('@electron/fuses') as FuseModule;

describe('packaging configuration', () => {
  it('electron-builder loads and validates it: every target, the staged app folder, no rebuild in place', async () => {
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
    expect(config.directories.app).toBe('dist/app');
    expect(config.files[0]?.filter).toEqual(
      expect.arrayContaining(['dist/electron/*.cjs', 'dist/renderer/**', 'native/**']),
    );
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['native/**', '**/*.node']));
    expect(config.afterPack).toBe('build/after-pack.cjs');
    // npmRebuild stays on only so that beforeBuild runs; it answers false: no install, rebuild or collection.
    expect(config.npmRebuild).toBe(true);
    const beforeBuild = require(path.join(root, config.beforeBuild)) as () => Promise<boolean>;
    await expect(beforeBuild()).resolves.toBe(false);
    // The installed app and `npm start` keep their data in the same folder: Electron names userData
    // after package.json's productName, and the packed package.json carries the same one.
    expect(config.productName).toBe(rootPackage.productName);
    expect(rootPackage.author).toBeTruthy();
  });

  it("the deb keeps electron-builder's default dependencies (Electron's libraries and libsecret)", () => {
    const config = require('./electron-builder.config.cjs') as BuilderConfig;
    expect(config.deb.depends).toBeUndefined();
    const FpmTarget = require('app-builder-lib/out/targets/FpmTarget.js').default as {
      prototype: { getDefaultDepends(target: string): string[] };
    };
    expect(FpmTarget.prototype.getDefaultDepends('deb')).toEqual(
      expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libsecret-1-0', 'xdg-utils', 'libatspi2.0-0']),
    );
  });

  it('the afterPack hook flips the hardening fuses; asar integrity only where Electron has it', async () => {
    const afterPack = require('./after-pack.cjs') as (context: unknown, fuses: unknown) => Promise<void>;
    const { FuseV1Options, FuseVersion } = fuses;
    const flipFuses = vi.fn(async () => 0);
    const context = (platform: string) => ({
      electronPlatformName: platform,
      appOutDir: '/out',
      packager: { appInfo: { productFilename: 'Keyhold' }, executableName: 'keyhold' },
    });
    for (const platform of ['linux', 'darwin', 'win32']) {
      await afterPack(context(platform), { flipFuses, FuseV1Options, FuseVersion });
    }
    const calls = flipFuses.mock.calls as unknown as [string, Record<string | number, unknown>][];
    expect(calls.map((c) => c[0])).toEqual([
      path.join('/out', 'keyhold'),
      path.join('/out', 'Keyhold.app', 'Contents', 'MacOS', 'Keyhold'),
      path.join('/out', 'Keyhold.exe'),
    ]);
    const integrity = FuseV1Options.EnableEmbeddedAsarIntegrityValidation as number;
    expect(calls.map((c) => c[1][integrity])).toEqual([false, true, true]);
    expect(calls[0]?.[1]).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode as number]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable as number]: false,
      [FuseV1Options.EnableNodeCliInspectArguments as number]: false,
      [FuseV1Options.OnlyLoadAppFromAsar as number]: true,
      [integrity]: false,
      [FuseV1Options.EnableCookieEncryption as number]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges as number]: false,
    });
    expect(calls[1]?.[1].resetAdHocDarwinSignature).toBe(true);
  });
});

/** Electron's fuse sentinel (@electron/fuses constants): the stand-in binary carries a wire to flip. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Everything besides the bundles, the renderer and the two native binaries: package.json files, JS glue. */
const SMALL_FILES_BUDGET = 128 * 1024;
/** The whole app (archive + unpacked): bundles ~8 MB, renderer ~3 MB, native ~3 MB today. */
const APP_BUDGET = 24 * 1024 * 1024;

describe('a packed app (electron-builder --dir, stand-in Electron)', () => {
  let work: string;
  let unpacked: string;
  let extracted: string;
  let cache: string;
  const target = { abi: process.versions.modules, platform: process.platform, arch: process.arch };
  let files: { path: string; size: number; unpacked: boolean }[] = [];
  const nodeSqlite = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  let nodeSqliteBefore: { mtimeMs: number; size: number };

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'keyhold-pack-'));
    const { buildElectron } = await import('../scripts/build-electron.mjs');
    const bundles = await buildElectron(path.join(work, 'bundles'));
    // The renderer the run's global setup built (the packed app serves exactly that build).
    const renderer = path.join(work, 'renderer');
    const built = process.env.KEYHOLD_WEB_ROOT ?? path.join(root, 'dist/renderer');
    if (!existsSync(path.join(built, 'index.html'))) {
      const { buildRenderer } = await import('../scripts/build-renderer.mjs');
      await buildRenderer({ outDir: built });
    }
    cpSync(built, renderer, { recursive: true });
    // The stand-in Electron has Node's ABI, so the staged native folder carries Node's own better-sqlite3
    // under the name an Electron of that ABI would look for: the packed app loads it through the same path.
    const { stageApp } = await import('../scripts/stage-app.mjs');
    const app = stageApp({
      outDir: path.join(work, 'app'),
      target,
      sqliteBinary: nodeSqlite,
      bundles,
      renderer,
    });
    const electronDist = path.join(work, 'electron-dist');
    mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    writeFileSync(
      path.join(electronDist, 'electron'),
      Buffer.concat([
        Buffer.from('#!/bin/sh\necho "stand-in Electron: it cannot run" >&2\nexit 1\n# '),
        Buffer.from(FUSE_SENTINEL),
        Buffer.from([1, 8]),
        Buffer.from('01001100\n'),
      ]),
      { mode: 0o755 },
    );
    // Every cache electron-builder and @electron/get use points at an empty folder: a download would land there.
    cache = path.join(work, 'cache');
    for (const name of ['ELECTRON_CACHE', 'ELECTRON_BUILDER_CACHE', 'electron_config_cache']) {
      vi.stubEnv(name, cache);
    }
    nodeSqliteBefore = statSync(nodeSqlite);
    const builder = require('electron-builder') as typeof import('electron-builder');
    const config = require('./electron-builder.config.cjs') as import('electron-builder').Configuration;
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    await builder.build({
      projectDir: root,
      targets: builder.Platform.LINUX.createTarget('dir', builder.Arch[process.arch as 'x64']),
      publish: 'never',
      config: {
        ...config,
        directories: { ...config.directories, app, output: path.join(work, 'out') },
        electronDist,
        electronVersion,
      },
    });
    vi.unstubAllEnvs();
    unpacked = path.join(work, 'out', `linux-${process.arch === 'x64' ? '' : `${process.arch}-`}unpacked`);
    const asar = require('@electron/asar') as typeof import('@electron/asar');
    const archive = path.join(unpacked, 'resources', 'app.asar');
    type Entry = { files?: Record<string, Entry>; size?: number; unpacked?: boolean };
    const walk = (entry: Entry, at: string): typeof files =>
      Object.entries(entry.files ?? {}).flatMap(([name, child]) =>
        child.files
          ? walk(child, `${at}${name}/`)
          : [{ path: `${at}${name}`, size: child.size ?? 0, unpacked: child.unpacked === true }],
      );
    files = walk(asar.getRawHeader(archive).header as Entry, '');
    extracted = path.join(work, 'extracted');
    asar.extractAll(archive, extracted);
    // The probe, bundled like the app (no TypeScript loader in the probe or its worker).
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(root, 'build/packed-app-probe.ts')],
      outfile: path.join(work, 'probe.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
  }, 180_000);

  afterAll(() => {
    vi.unstubAllEnvs();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('carries only what runs: bundles, renderer, the two native modules unpacked, nothing else of size', () => {
    const allowed = [
      /^package\.json$/,
      /^dist\/electron\/(main|host-worker|preload)\.cjs$/,
      // The window's bundle, its chunks loaded on demand, and its Web Workers (search index, password health).
      /^dist\/renderer\/(index\.html|favicon\.svg|assets\/app\.(js|css)|assets\/(search|health)-worker\.js|assets\/chunks\/[\w-]+\.js)$/,
      // A one-time link's public page: the host mode's server serves it at /s/<id> where its web UI is on.
      /^dist\/renderer\/(share\.html|assets\/share-page\.(js|css))$/,
      /^dist\/electron\/node_modules\/better-sqlite3\/(package\.json|LICENSE|lib\/[\w/-]+\.js)$/,
      /^dist\/electron\/node_modules\/@node-rs\/argon2\/(package\.json|LICENSE|index\.js)$/,
      new RegExp(
        `^dist/electron/node_modules/@node-rs/argon2-${target.platform}-${target.arch}[\\w-]*/(package\\.json|[\\w.-]+\\.node)$`,
      ),
      new RegExp(`^native/electron-${target.abi}-${target.platform}-${target.arch}/better_sqlite3\\.node$`),
    ];
    expect(files.filter((f) => !allowed.some((pattern) => pattern.test(f.path))).map((f) => f.path)).toEqual(
      [],
    );
    for (const wanted of [
      'dist/electron/main.cjs',
      'dist/electron/host-worker.cjs',
      'dist/renderer/index.html',
    ]) {
      expect(files.map((f) => f.path)).toContain(wanted);
    }
    // The chunks the UI loads on demand (zxcvbn's dictionaries on password screens) are packed too.
    expect(files.filter((f) => f.path.startsWith('dist/renderer/assets/chunks/')).length).toBeGreaterThan(0);
    // Native binaries load from app.asar.unpacked; no other file is unpacked, no test extension is packed.
    expect(files.filter((f) => f.unpacked).map((f) => path.basename(f.path))).toEqual([
      `argon2.${target.platform}-${target.arch}-gnu.node`,
      'better_sqlite3.node',
    ]);
    for (const file of files.filter((f) => f.unpacked)) {
      expect(existsSync(path.join(unpacked, 'resources', 'app.asar.unpacked', file.path))).toBe(true);
    }
    const big = /\.(cjs|node)$|^dist\/renderer\//;
    const small = files.filter((f) => !big.test(f.path)).reduce((sum, f) => sum + f.size, 0);
    expect(small).toBeLessThan(SMALL_FILES_BUDGET);
    expect(files.reduce((sum, f) => sum + f.size, 0)).toBeLessThan(APP_BUDGET);
    // The packed package.json names the same productName as the checkout's: one user-data folder.
    const packed = JSON.parse(readFileSync(path.join(extracted, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(packed).toMatchObject({ productName: rootPackage.productName, main: 'dist/electron/main.cjs' });
    expect(packed.dependencies).toBeUndefined();
  });

  it('downloaded nothing, rebuilt nothing in node_modules, and set the Linux fuses (no asar integrity there)', async () => {
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
    // The checkout's better-sqlite3 is still Node's build: `npm test` works after `npm run dist`.
    const after = statSync(nodeSqlite);
    expect({ mtimeMs: after.mtimeMs, size: after.size }).toEqual({
      mtimeMs: nodeSqliteBefore.mtimeMs,
      size: nodeSqliteBefore.size,
    });
    const wire = await fuses.getCurrentFuseWire(path.join(unpacked, 'keyhold'));
    const on = (option: string) => wire[fuses.FuseV1Options[option] as number] === '1'.charCodeAt(0);
    expect(on('RunAsNode')).toBe(false);
    expect(on('EnableNodeOptionsEnvironmentVariable')).toBe(false);
    expect(on('OnlyLoadAppFromAsar')).toBe(true);
    expect(on('EnableCookieEncryption')).toBe(true);
    expect(on('EnableEmbeddedAsarIntegrityValidation')).toBe(false);
  });

  it('boots under the fake electron: the worker opens the store, app://keyhold/ serves the UI with its CSP, IPC answers', async () => {
    const userData = path.join(work, 'user-data');
    const probe = spawn(process.execPath, [path.join(work, 'probe.cjs'), extracted, userData], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    probe.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    probe.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => probe.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const seen = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      loaded: string;
      page: { status: number; type: string; csp: string; body: string };
      status: { ok: boolean; value: { initialized: boolean; sealed: boolean } };
      failures: string[];
    };
    expect(seen.failures).toEqual([]);
    expect(seen.loaded).toBe('app://keyhold/index.html');
    expect(seen.page.status).toBe(200);
    expect(seen.page.type).toContain('text/html');
    expect(seen.page.csp).toContain("default-src 'none'");
    expect(seen.page.body).toContain('<title>Keyhold</title>');
    expect(seen.status, JSON.stringify(seen.status)).toMatchObject({
      ok: true,
      value: { initialized: false, sealed: true },
    });
    // The store and the log are where the installed app keeps them: the user-data folder.
    expect(existsSync(path.join(userData, 'keyhold.db'))).toBe(true);
    expect(readFileSync(path.join(userData, 'logs', 'keyhold.log'), 'utf8')).toContain('storage: SQLite');
  }, 60_000);
});
