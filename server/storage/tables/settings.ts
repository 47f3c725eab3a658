// Settings and server-wide secrets (such as the decoy key for pre-login), each sealed at rest.
import type { Selectable } from 'kysely';

export interface SettingsTable {
  key: string;
  value_enc: Buffer;
  row_version: number;
  updated_at: string;
}
export type SettingRow = Selectable<SettingsTable>;
