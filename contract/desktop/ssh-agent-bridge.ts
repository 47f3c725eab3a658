// The desktop SSH agent's part of the bridge: what the window tells main (on/off, the keys it may offer while
// unlocked, answers to approvals, a private key for one signature) and what main asks the window.
import { z } from 'zod';

/** A key the window offers while unlocked: its vault item, name, and public key (SSH wire blob, base64). */
export const sshAgentIdentitySchema = z
  .object({
    itemId: z.string().min(1).max(100),
    name: z.string().max(500),
    publicKey: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'must be base64' })
      .max(4096),
  })
  .strict();
export type SshAgentIdentity = z.infer<typeof sshAgentIdentitySchema>;

export const sshAgentStatusSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  /** Where the agent listens (or will): what SSH_AUTH_SOCK must name. */
  socketPath: z.string(),
  /** How many keys it offers now (0 while locked). */
  offered: z.int(),
  /** Why it could not start, when it could not. */
  error: z.string().nullable(),
});
export type SshAgentStatus = z.infer<typeof sshAgentStatusSchema>;

export const sshAgentOperations = {
  'desktop.sshAgentStatus': { input: z.object({}).strict(), output: sshAgentStatusSchema },
  /** Turn the agent on or off (remembered on this computer; off by default). */
  'desktop.sshAgentSetEnabled': {
    input: z.object({ enabled: z.boolean() }).strict(),
    output: sshAgentStatusSchema,
  },
  /** The keys to offer: sent after unlock and after the vault changes; an empty list when locking or signing out. */
  'desktop.sshAgentSetIdentities': {
    input: z
      .object({ identities: z.array(sshAgentIdentitySchema).max(1000), locked: z.boolean().default(false) })
      .strict(),
    output: sshAgentStatusSchema,
  },
  /** A person's answer to one signature request ("Allow once": forMinutes 0). */
  'desktop.sshAgentAnswer': {
    input: z
      .object({ requestId: z.uuid(), allow: z.boolean(), forMinutes: z.int().min(0).max(480).default(0) })
      .strict(),
    output: z.object({ ok: z.literal(true) }),
  },
  /** The private key main asked for, for one signature (null: locked, gone, or no longer marked). */
  'desktop.sshAgentKey': {
    input: z.object({ requestId: z.uuid(), privateKey: z.string().max(20_000).nullable() }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;
