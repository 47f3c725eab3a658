// The desktop window's one bridge: what preload exposes, what main accepts on its IPC channel, and the
// few desktop-local operations main answers itself (clipboard, auto-lock, keychain, external links).
// Runtime-neutral so that electron/ (main, preload) and renderer/ share one definition.
import { z } from 'zod';
import { ack } from '../common.ts';
import type { BridgeRequest } from './bridge-channels.ts';
import { sshAgentOperations } from './ssh-agent-bridge.ts';

/** One call as it crosses the bridge: the operation, its input, and the caller's session token and number. */
export const bridgeRequestSchema = z
  .object({
    operation: z.string().min(1).max(64),
    input: z.unknown(),
    token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{20,200}$/)
      .nullable(),
    opNumber: z.int().min(1).max(Number.MAX_SAFE_INTEGER).nullable(),
  })
  .strict();
// The schema and the interface describe the same shape; this line fails to compile if they drift apart.
const _sameShape: (r: z.infer<typeof bridgeRequestSchema>) => BridgeRequest = (r) => r;
void _sameShape;

/** Operations under this prefix never reach the server: the main process answers them. */
export const DESKTOP_PREFIX = 'desktop.';

/**
 * Why this computer's keychain cannot keep the unseal passphrase, or cannot use the one it kept:
 * no-keyring: Linux without GNOME Keyring/KWallet (safeStorage would fall back to a key built into the app);
 * no-encryption: the OS offers no encryption; backend-changed: it was kept by another keyring than now.
 */
export const keychainUnavailableReasons = ['no-keyring', 'no-encryption', 'backend-changed'] as const;
export type KeychainUnavailableReason = (typeof keychainUnavailableReasons)[number];

const keychainStatus = z.object({
  available: z.boolean(),
  remembered: z.boolean(),
  reason: z.enum(keychainUnavailableReasons).nullable(),
});

/**
 * A Keyhold server's address for client mode: https only, a host and maybe a port, nothing else (no
 * user, path, query or fragment), so the URL a person confirms is the one the main process calls.
 */
export const serverUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a URL such as https://vault.example.com:7777' });
      return z.NEVER;
    }
    const extra =
      url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname);
    if (url.protocol !== 'https:' || extra) {
      ctx.addIssue({ code: 'custom', message: 'must be https://host or https://host:port, nothing more' });
      return z.NEVER;
    }
    return url.origin;
  });

/** A SHA-256 certificate fingerprint as people compare it: 32 hex bytes, colon-separated. */
export const fingerprintSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, { message: 'must be a SHA-256 fingerprint (32 hex bytes)' });

/** Host this vault here, or talk to a Keyhold server elsewhere (null: not chosen yet; the host runs). */
export const appModeViewSchema = z.object({
  mode: z.enum(['host', 'client']).nullable(),
  url: z.string().nullable(),
  caFingerprint: z.string().nullable(),
});
export type AppModeView = z.infer<typeof appModeViewSchema>;

/** Desktop-local operations: validated by main exactly like the server validates its own. */
export const desktopOperations = {
  /** Copy text; main clears the clipboard after clearAfterSeconds if it still holds this text (0 = never). */
  'desktop.copy': {
    input: z.object({ text: z.string().max(100_000), clearAfterSeconds: z.int().min(0).max(3600) }).strict(),
    output: ack,
  },
  /** The idle time after which main sends a lock event (0 = never). Screen lock and suspend always lock. */
  'desktop.setAutoLock': {
    input: z.object({ idleMinutes: z.int().min(0).max(1440) }).strict(),
    output: ack,
  },
  /** Whether this computer's keychain (Electron safeStorage) can hold the unseal passphrase, and does. */
  'desktop.keychainStatus': { input: z.object({}).strict(), output: keychainStatus },
  /** Keep the unseal passphrase encrypted by the OS keychain, so this computer can unseal by itself. */
  'desktop.keychainRemember': {
    input: z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
    output: keychainStatus,
  },
  'desktop.keychainForget': { input: z.object({}).strict(), output: keychainStatus },
  /** Unseal the embedded server with the passphrase held by the keychain. */
  'desktop.keychainUnseal': { input: z.object({}).strict(), output: ack },
  /** Whether this app hosts its vault or is a client of another server, and which. */
  'desktop.getMode': { input: z.object({}).strict(), output: appModeViewSchema },
  /** Reach a server without trusting it yet: its CA's fingerprint, for a person to compare. */
  'desktop.probeServer': {
    input: z.object({ url: serverUrlSchema }).strict(),
    output: z.object({ url: z.string(), caFingerprint: z.string(), caSubject: z.string() }),
  },
  /**
   * Become a client of that server, pinning its CA: the fingerprint the person confirmed (it must still
   * match), or a CA certificate file they chose. Signs the window out.
   */
  'desktop.connectServer': {
    input: z
      .object({
        url: serverUrlSchema,
        caFingerprint: fingerprintSchema.optional(),
        caCertPem: z.string().min(1).max(20_000).optional(),
      })
      .strict()
      .refine((input) => (input.caFingerprint === undefined) !== (input.caCertPem === undefined), {
        message: 'give either the confirmed caFingerprint or a caCertPem, not both',
        path: ['caFingerprint'],
      }),
    output: appModeViewSchema,
  },
  /** Host the vault on this computer again (starting the embedded server). Signs the window out. */
  'desktop.useHostMode': { input: z.object({}).strict(), output: appModeViewSchema },
  /** Open an http(s) link in the system browser (after a parsed-URL check). */
  'desktop.openExternal': { input: z.object({ url: z.string().max(2048) }).strict(), output: ack },
  /** The SSH agent (ssh-agent-bridge.ts). */
  ...sshAgentOperations,
} as const;
export type DesktopOperationName = keyof typeof desktopOperations;
export type DesktopInputOf<K extends DesktopOperationName> = z.input<(typeof desktopOperations)[K]['input']>;
export type DesktopOutputOf<K extends DesktopOperationName> = z.output<
  (typeof desktopOperations)[K]['output']
>;

export function isDesktopOperation(name: string): name is DesktopOperationName {
  return Object.hasOwn(desktopOperations, name);
}

export * from './bridge-channels.ts';
export * from './ssh-agent-bridge.ts';
