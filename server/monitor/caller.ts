// Who is calling, as a transport describes them, and who they turned out to be once authenticated.
import type { SessionTouch } from '../audit/audit-writer.ts';
import type { Role } from '../contract/index.ts';

export interface CallerInfo {
  /** The bearer token, if the transport carried one. */
  token: string | null;
  /** The operation number, unique within the session (replay protection). */
  opNumber: number | null;
  address: string;
  port: number;
  transport: 'https' | 'ipc' | 'internal';
}

export interface AuthenticatedSession {
  sessionId: string;
  userId: string;
  role: Role;
  /** Written with this request's audit entry: last use and the advanced replay window. */
  touch: SessionTouch;
}
