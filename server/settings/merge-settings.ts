// A settings patch applied to the current settings: what the patch names changes, everything else stays.
// Generic over the sections, so a new section needs no new line here (forgetting one silently reset it).
import { type Settings, type SettingsPatch, settingsSchema } from '../../contract/index.ts';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function merge(current: unknown, patch: unknown): unknown {
  if (patch === undefined) return current;
  // Objects meet field by field; a value, a list or null replaces what was there.
  if (!isPlainObject(current) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(current[key], value);
  return out;
}

export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  // Parsed again so that the result is checked as a whole (e.g. login hours that end before they start).
  return settingsSchema.parse(merge(current, patch));
}
