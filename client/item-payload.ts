// What one secret's end-to-end ciphertext holds: the value, notes and custom fields, as JSON.
import { z } from 'zod';

export const itemPayloadSchema = z.object({
  value: z.string(),
  notes: z.string().default(''),
  fields: z
    .array(z.object({ name: z.string(), value: z.string(), hidden: z.boolean().default(true) }))
    .default([]),
  /**
   * The person marked this item's site as offering two-step sign-in (one-time codes). Kept here, in the
   * end-to-end encrypted payload, rather than as server metadata: the server never learns which accounts
   * lack a second factor, and the mark travels with the item to everyone it is shared with. Optional, so
   * items sealed before it existed open unchanged; written only when true.
   */
  twoStep: z.boolean().optional(),
  /**
   * An SSH-key item the person marked "use in the SSH agent": the desktop agent and keyhold ssh-agent offer
   * only these. In the encrypted payload like the key itself; optional (older items: not offered).
   */
  sshAgent: z.boolean().optional(),
});
export type ItemPayload = z.input<typeof itemPayloadSchema>;
export type OpenedPayload = z.output<typeof itemPayloadSchema>;
