import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, defaultDataDir, parseServeConfig } from './config.ts';

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
});
