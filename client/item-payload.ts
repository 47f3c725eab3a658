// What one secret's end-to-end ciphertext holds: the value, notes and custom fields, as JSON.
import { z } from 'zod';

export const itemPayloadSchema = z.object({
  value: z.string(),
  notes: z.string().default(''),
  fields: z
    .array(z.object({ name: z.string(), value: z.string(), hidden: z.boolean().default(true) }))
    .default([]),
});
export type ItemPayload = z.input<typeof itemPayloadSchema>;
export type OpenedPayload = z.output<typeof itemPayloadSchema>;
