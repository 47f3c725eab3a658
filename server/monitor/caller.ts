// Who is calling, as a transport describes them, and who they turned out to be once authenticated.

import type { Role } from '../../contract/index.ts';
import type { SessionTouch } from '../audit/audit-writer.ts';

export interface CallerInfo {
  /** The bearer token, if the transport carried one. */
  token: string | null;
  /** The operation number, unique within the session (replay protection). */
  opNumber: number | null;
  address: string;
  port: number;
  transport: 'https' | 'ipc' | 'internal';
  /** The client certificate the TLS peer presented, if it presented one (mutual TLS is optional). */
  certificate?: PresentedCertificate;
}

/** What the TLS socket said of a presented client certificate; the monitor refuses a bad one. */
export interface PresentedCertificate {
  /** Hex serial, as the socket reports it. */
  serial: string;
  /** Whether the chain verified against our CA and the dates hold (node's `socket.authorized`). */
  authorized: boolean;
  /** OpenSSL's reason when not authorized, e.g. CERT_HAS_EXPIRED. */
  error: string | null;
}

export interface AuthenticatedSession {
  sessionId: string;
  userId: string;
  role: Role;
  /** Written with this request's audit entry: last use and the advanced replay window. */
  touch: SessionTouch;
}
