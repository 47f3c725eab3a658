import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, defaultDataDir, parseServeConfig } from './config.ts';
import { redactDatabaseUrl } from './storage/postgres-url.ts';

describe('serve configuration', () => {
  it('defaults to port 7777 and the OS user-data folder', () => {
    const config = parseServeConfig([], { HOME: '/home/ann' });
    expect(config.port).toBe(DEFAULT_PORT);
    expect(config.dataDir).toBe(defaultDataDir({ HOME: '/home/ann' }));
  });

  it('takes --port and --data over the environment', () => {
    const config = parseServeConfig(['--port', '8443', '--data', '/tmp/kh'], {
      KEYHOLD_PORT: '9000',
      KEYHOLD_DATA_DIR: '/x',
    });
    expect(config).toMatchObject({ port: 8443, dataDir: '/tmp/kh' });
  });

  it('takes KEYHOLD_PORT and KEYHOLD_DATA_DIR from the environment', () => {
    expect(parseServeConfig([], { KEYHOLD_PORT: '9000', KEYHOLD_DATA_DIR: '/x' })).toMatchObject({
      port: 9000,
      dataDir: '/x',
    });
  });

  it.each([
    ['0', 'between 1 and 65535'],
    ['65536', 'between 1 and 65535'],
    ['77.5', 'whole number'],
    ['seven', 'not a number'],
    ['-1', 'between 1 and 65535'],
  ])('refuses port %s with a message naming the port', (port, words) => {
    expect(() => parseServeConfig([`--port=${port}`], {})).toThrow(new RegExp(`^port: .*${words}`));
  });

  it('refuses an unknown flag', () => {
    expect(() => parseServeConfig(['--prot', '1'], {})).toThrow(/prot/);
  });

  it('puts the data folder where each OS keeps application data', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Keyhold$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Application Support.Keyhold$/);
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Keyhold');
  });

  it('stores in SQLite unless a PostgreSQL URL is given, by flag or environment', () => {
    expect(parseServeConfig([], {}).databaseUrl).toBeUndefined();
    const url = 'postgres://kh:s3cret-pw@db.example:5432/keyhold';
    expect(parseServeConfig(['--database', url], {}).databaseUrl).toBe(url);
    expect(parseServeConfig([], { KEYHOLD_DATABASE_URL: url })).toMatchObject({
      databaseUrl: url,
      databasePoolMax: 10,
      databaseStatementTimeoutMs: 15_000,
    });
    expect(
      parseServeConfig(['--database-pool-max', '40', '--database-statement-timeout-ms', '2000'], {}),
    ).toMatchObject({ databasePoolMax: 40, databaseStatementTimeoutMs: 2000 });
  });

  it.each([
    ['mysql://kh:s3cret-pw@db/keyhold', 'must start with postgres://'],
    ['postgres://kh:s3cret-pw@db', 'names no database'],
    ['postgres://kh:s3cret-pw@[bad/keyhold', 'is not a URL'],
  ])('refuses database URL %s with a reason that does not repeat the password', (url, words) => {
    let message = '';
    try {
      parseServeConfig(['--database', url], {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`^databaseUrl: .*${words}.*--database or KEYHOLD_DATABASE_URL`));
    expect(message).not.toContain('s3cret-pw');
  });

  it('takes a SQLite file path with --database instead of the data folder, and refuses an empty one', () => {
    const config = parseServeConfig(['--database', 'store/keyhold.db', '--data', '/srv/kh'], {});
    expect(config.sqlitePath).toBe(path.resolve('store/keyhold.db'));
    expect(config.databaseUrl).toBeUndefined();
    expect(parseServeConfig([], { KEYHOLD_DATABASE_URL: '/var/lib/kh.db' }).sqlitePath).toBe(
      '/var/lib/kh.db',
    );
    expect(() => parseServeConfig(['--database', ''], {})).toThrow(
      /^databaseUrl: give a postgres:\/\/ URL or a SQLite file path/,
    );
  });

  it('refuses pool sizes and statement timeouts out of range, and odd node names', () => {
    expect(() => parseServeConfig(['--database-pool-max', '0'], {})).toThrow(/^databasePoolMax: .*between 1/);
    expect(() => parseServeConfig(['--database-statement-timeout-ms', '5'], {})).toThrow(
      /^databaseStatementTimeoutMs: .*between 100/,
    );
    expect(() => parseServeConfig(['--node-name', 'a b'], {})).toThrow(/^nodeName: /);
    expect(parseServeConfig(['--node-name', 'eu-1.a'], {}).nodeName).toBe('eu-1.a');
  });

  it('masks the password wherever a database URL is shown', () => {
    expect(redactDatabaseUrl('postgres://kh:s3cret-pw@db:5432/keyhold')).toBe(
      'postgres://kh:***@db:5432/keyhold',
    );
    expect(redactDatabaseUrl('postgres://db/keyhold')).toBe('postgres://db/keyhold');
  });
});
