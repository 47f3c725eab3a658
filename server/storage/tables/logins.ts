// Login history: every attempt, successful or not, with where it came from.
import type { Generated, Selectable } from 'kysely';

export interface LoginsTable {
  seq: Generated<number>;
  user_id: string | null;
  username_index: string;
  session_id: string | null;
  address: string;
  port: number;
  client_kind: string;
  time: string;
  result: string;
}
export type LoginRow = Selectable<LoginsTable>;
