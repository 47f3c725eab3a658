// Which proxy the environment names for a server, as curl and undici read HTTPS_PROXY and NO_PROXY.
import { describe, expect, it } from 'vitest';
import { ProxySettingError, proxyFromEnvironment } from './environment-proxy.ts';

const answerFor = (env: NodeJS.ProcessEnv, url: string) => proxyFromEnvironment(env)(url);

describe('proxyFromEnvironment', () => {
  it('goes direct without a proxy variable, or with an empty one', async () => {
    expect(await answerFor({}, 'https://vault.example:7777/')).toBe('DIRECT');
    expect(await answerFor({ https_proxy: '', HTTPS_PROXY: 'http://p:3128' }, 'https://v.example/')).toBe(
      'DIRECT',
    );
  });

  it('reads https_proxy before HTTPS_PROXY, with curl’s defaults for a bare host and a missing port', async () => {
    const url = 'https://vault.example:7777/';
    expect(await answerFor({ https_proxy: 'http://a:3128', HTTPS_PROXY: 'http://b:3128' }, url)).toBe(
      'PROXY a:3128',
    );
    expect(await answerFor({ HTTPS_PROXY: 'proxy.corp:8080' }, url)).toBe('PROXY proxy.corp:8080');
    expect(await answerFor({ HTTPS_PROXY: 'http://proxy.corp' }, url)).toBe('PROXY proxy.corp:80');
    expect(await answerFor({ HTTPS_PROXY: 'https://proxy.corp' }, url)).toBe('HTTPS proxy.corp:443');
    expect(await answerFor({ HTTPS_PROXY: 'http://[::1]:3128/' }, url)).toBe('PROXY [::1]:3128');
  });

  it('bypasses what NO_PROXY names: hosts, their subdomains, ports, addresses, and *', async () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: noProxy });
    const direct = async (noProxy: string, url: string) => (await answerFor(env(noProxy), url)) === 'DIRECT';
    expect(await direct('vault.example', 'https://vault.example:7777/')).toBe(true);
    expect(await direct('.example', 'https://vault.example:7777/')).toBe(true);
    expect(await direct('*.example', 'https://a.vault.example/')).toBe(true);
    expect(await direct('example', 'https://notexample:7777/')).toBe(false);
    expect(await direct('vault.example:7777', 'https://vault.example:7777/')).toBe(true);
    expect(await direct('vault.example:7778', 'https://vault.example:7777/')).toBe(false);
    expect(await direct('vault.example:443', 'https://vault.example/')).toBe(true);
    expect(await direct('10.0.0.5, 127.0.0.1', 'https://127.0.0.1:7777/')).toBe(true);
    expect(await direct('0.0.1', 'https://127.0.0.1:7777/')).toBe(false);
    expect(await direct('[::1]:7777', 'https://[::1]:7777/')).toBe(true);
    expect(await direct('VAULT.EXAMPLE', 'https://vault.example/')).toBe(true);
    expect(await direct('*', 'https://anything.example/')).toBe(true);
    expect(
      await answerFor(
        { HTTPS_PROXY: 'http://p:3128', no_proxy: '', NO_PROXY: 'vault.example' },
        'https://vault.example/',
      ),
    ).toBe('PROXY p:3128');
  });

  it('refuses a proxy it cannot speak to, naming the variable and never a password', () => {
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        proxyFromEnvironment(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ProxySettingError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refusal({ HTTPS_PROXY: 'socks5://p:1080' })).toBe(
      'HTTPS_PROXY: socks5 proxies are not supported; only http:// and https:// proxies are',
    );
    const withPassword = refusal({ https_proxy: 'http://me:s3cret@p:3128' });
    expect(withPassword).toMatch(/^https_proxy: a user name or password/);
    expect(withPassword).not.toContain('s3cret');
    expect(refusal({ HTTPS_PROXY: 'http://p:3128/path' })).toMatch(/^HTTPS_PROXY: .*without a path/);
    expect(refusal({ HTTPS_PROXY: 'http://' })).toMatch(/^HTTPS_PROXY: not a proxy address/);
  });
});
