// Where the server listens and how another computer reaches it: the status behind the network settings,
// and the CA certificate a client pins on first use (after a person compares its fingerprint).
import { z } from 'zod';
import { empty } from './common.ts';
import { defineOperation } from './define.ts';
import { adminOnly } from './roles.ts';

const listenerSchema = z.object({
  address: z.string(),
  port: z.int(),
  /** What another computer types to connect (the address a browser can reach; 127.0.0.1 for 0.0.0.0). */
  url: z.string(),
});

export const networkStatusSchema = z.object({
  /** The HTTPS listener now; null when there is none (the desktop host not exposed). */
  listener: listenerSchema.nullable(),
  /** The SHA-256 fingerprint of the server's CA certificate, for people to compare when they connect. */
  caFingerprint: z.string(),
  /** Flags or environment given at start pin these, and the settings do not move them. */
  pinned: z.object({ address: z.boolean(), port: z.boolean() }),
  /** headless: not exposed means loopback only; desktop: not exposed means no network listener at all. */
  mode: z.enum(['headless', 'desktop']),
  /** The last attempt to apply the settings failed (e.g. at unseal the port was taken): why. */
  lastError: z.string().nullable(),
});
export type NetworkStatus = z.infer<typeof networkStatusSchema>;

export const serverCaSchema = z.object({ caCertPem: z.string(), caFingerprint: z.string() });

export const networkOperations = {
  getNetworkStatus: defineOperation({
    summary: 'Where the server listens now, the CA fingerprint clients compare, and what flags pin.',
    input: empty,
    output: networkStatusSchema,
    access: { kind: 'session', roles: adminOnly },
    route: { method: 'GET', path: '/v1/network' },
    example: {},
  }),
  getServerCa: defineOperation({
    summary:
      "The server's CA certificate (public): a client pins it on first use, after comparing its fingerprint.",
    input: empty,
    output: serverCaSchema,
    access: { kind: 'public' },
    route: { method: 'GET', path: '/v1/ca' },
    example: {},
    whileSealed: true,
  }),
};
