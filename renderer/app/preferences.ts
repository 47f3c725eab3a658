// Personal preferences of this device (not secret): kept in localStorage, validated when read back.
import { z } from 'zod';

export const preferencesSchema = z.object({
  autoLockMinutes: z.int().min(0).max(1440).catch(5),
  clipboardSeconds: z.int().min(0).max(3600).catch(30),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  language: z.enum(['en', 'ru']).catch('en'),
  /** The password health report's "old" threshold, in days. */
  healthOldAfterDays: z.int().min(1).max(3650).catch(365),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  autoLockMinutes: 5,
  clipboardSeconds: 30,
  theme: 'system',
  language: 'en',
  healthOldAfterDays: 365,
};

const STORAGE_KEY = 'keyhold.preferences';

/** Whatever is stored (or not, or tampered with) comes back as valid preferences, field by field. */
export function parsePreferences(raw: string | null): Preferences {
  if (raw === null) return DEFAULT_PREFERENCES;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return DEFAULT_PREFERENCES;
  }
  const base = typeof data === 'object' && data !== null ? data : {};
  return preferencesSchema.parse({ ...DEFAULT_PREFERENCES, ...base });
}

export function loadPreferences(storage: Pick<Storage, 'getItem'> = localStorage): Preferences {
  try {
    return parsePreferences(storage.getItem(STORAGE_KEY));
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

export function savePreferences(prefs: Preferences, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(prefs));
  } catch {
    // Private windows may refuse storage: the preferences then last for this visit only.
  }
}
