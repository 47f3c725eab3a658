// Which better-sqlite3 binary each runtime loads: Electron its own per-ABI folder, Node the one in
// node_modules, so that `npm start` / `npm run dist` and `npm test` never undo each other.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readyElectronSqlite } from '../scripts/electron-native.mjs';
import { nativeFolderName, pickSqliteBinding, sqliteBindingPath } from '../scripts/native-folder.mjs';

const appRoot = path.join(path.sep, 'checkout');
const electron45 = { abi: '150', platform: 'linux', arch: 'x64' };
const electronFile = sqliteBindingPath(appRoot, electron45);

describe('the better-sqlite3 binary each runtime loads', () => {
  it('Electron 45 loads native/electron-150-<platform>-<arch>/better_sqlite3.node when it is there', () => {
    const picked = pickSqliteBinding({
      appRoot,
      versions: { modules: '150', electron: '45.4.1' },
      platform: 'linux',
      arch: 'x64',
      exists: (file) => file === electronFile,
    });
    expect(picked).toBe(path.join(appRoot, 'native', 'electron-150-linux-x64', 'better_sqlite3.node'));
  });

  it('Node (tests, serve, the CLI) keeps node_modules’ own build even after `npm run dist` made the Electron one', () => {
    const picked = pickSqliteBinding({
      appRoot,
      versions: { modules: '115' },
      platform: 'linux',
      arch: 'x64',
      exists: (file) => file === electronFile,
    });
    expect(picked).toBeUndefined();
  });

  it('Electron without its folder says what to run instead of a NODE_MODULE_VERSION error', () => {
    expect(() =>
      pickSqliteBinding({
        appRoot,
        versions: { modules: '150', electron: '45.4.1' },
        platform: 'darwin',
        arch: 'arm64',
        exists: () => false,
      }),
    ).toThrow(/no SQLite engine built for this Electron \(45\.4\.1, ABI 150, darwin-arm64\).*npm start/);
  });

  it('folder names are built from plain names only', () => {
    expect(nativeFolderName({ abi: '150', platform: 'win32', arch: 'ia32' })).toBe('electron-150-win32-ia32');
    expect(() => nativeFolderName({ abi: '../150', platform: 'linux', arch: 'x64' })).toThrow(/abi/);
  });
});

describe('the Electron build in native/', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function checkout(betterSqlite3: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keyhold-native-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'node_modules', 'better-sqlite3'), { recursive: true });
    writeFileSync(
      path.join(dir, 'node_modules', 'better-sqlite3', 'package.json'),
      JSON.stringify({ version: betterSqlite3 }),
    );
    return dir;
  }
  const target = { version: '45.4.1', ...electron45 };
  function made(dir: string, stamp: object): void {
    const file = sqliteBindingPath(dir, target);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'binary');
    writeFileSync(path.join(path.dirname(file), 'built-for.json'), JSON.stringify(stamp));
  }

  it('is reused while it was made for today’s better-sqlite3 and Electron', () => {
    const dir = checkout('12.11.1');
    made(dir, { betterSqlite3: '12.11.1', electron: '45.4.1' });
    expect(readyElectronSqlite(dir, target)).toBe(sqliteBindingPath(dir, target));
  });

  it('is fetched again after better-sqlite3 or Electron changed, or when it has no stamp', () => {
    const upgraded = checkout('12.12.0');
    made(upgraded, { betterSqlite3: '12.11.1', electron: '45.4.1' });
    expect(readyElectronSqlite(upgraded, target)).toBeNull();
    const newElectron = checkout('12.11.1');
    made(newElectron, { betterSqlite3: '12.11.1', electron: '45.3.0' });
    expect(readyElectronSqlite(newElectron, target)).toBeNull();
    expect(readyElectronSqlite(checkout('12.11.1'), target)).toBeNull();
  });
});
