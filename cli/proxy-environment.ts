// The proxy every connection of the keyhold command goes through: https_proxy / HTTPS_PROXY unless
// no_proxy / NO_PROXY names the server (node-https/environment-proxy.ts). A variable that cannot be used is
// bad usage (exit 2), said before anything is sent.
import { ProxySettingError, proxyFromEnvironment } from '../node-https/environment-proxy.ts';
import type { ResolveProxy } from '../node-https/proxy-route.ts';
import { UsageError } from './errors.ts';

export function environmentProxy(): ResolveProxy {
  try {
    return proxyFromEnvironment(process.env);
  } catch (error) {
    if (error instanceof ProxySettingError) throw new UsageError(error.message);
    throw error;
  }
}
