// The host a client says it is talking to: OpenSSH (8.9+) tells its agent, before authenticating, which server
// host key the connection is bound to (the session-bind@openssh.com extension), signed by that host. The agent
// peeks at the extension in the byte stream, checks the host's signature, and shows the host key's fingerprint
// with the approval. ssh2's AgentProtocol answers the extension itself (with a failure, which OpenSSH accepts).
import { createHash } from 'node:crypto';
import { verifyWire } from './signatures.ts';
import { utils } from './ssh2.ts';

/** The server a connection is bound to, as proven by the host's signature over the session identifier. */
export interface BoundHost {
  keyType: string;
  /** SHA256:base64 of the host key, as ssh-keygen -l prints it. */
  fingerprint: string;
  /** The client is forwarding this agent to that host (a sign request would come from further away). */
  forwarding: boolean;
}

const SSH_AGENTC_EXTENSION = 27;
const SESSION_BIND = 'session-bind@openssh.com';
/** No agent message is near this; a larger length is a broken or hostile client. */
const MAX_MESSAGE = 256 * 1024;

export const keyFingerprint = (blob: Buffer): string =>
  `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

class Reader {
  #at = 0;
  constructor(private readonly buf: Buffer) {}
  string(): Buffer | null {
    if (this.#at + 4 > this.buf.length) return null;
    const length = this.buf.readUInt32BE(this.#at);
    if (this.#at + 4 + length > this.buf.length) return null;
    const value = this.buf.subarray(this.#at + 4, this.#at + 4 + length);
    this.#at += 4 + length;
    return value;
  }
  byte(): number | null {
    if (this.#at >= this.buf.length) return null;
    return this.buf[this.#at++] ?? null;
  }
}

/** The host of one session-bind message body (after the message type), or null if it does not verify. */
export function parseSessionBind(body: Buffer): BoundHost | null {
  const reader = new Reader(body);
  const name = reader.string();
  if (name?.toString('latin1') !== SESSION_BIND) return null;
  const hostKey = reader.string();
  const sessionId = reader.string();
  const signature = reader.string();
  const forwarding = reader.byte();
  if (!hostKey || !sessionId || !signature || forwarding === null) return null;
  const key = utils.parseKey(hostKey);
  if (key instanceof Error) return null;
  const sig = new Reader(signature);
  const algorithm = sig.string()?.toString('latin1');
  const raw = sig.string();
  if (!algorithm || !raw) return null;
  // A client could name any host; only one whose key signed this session's identifier is shown.
  if (!verifyWire(algorithm, key.type, key.getPublicPEM(), sessionId, raw)) return null;
  return { keyType: key.type, fingerprint: keyFingerprint(key.getPublicSSH()), forwarding: forwarding !== 0 };
}

/**
 * Watches one connection's bytes (the same bytes AgentProtocol reads) for session-bind messages and remembers
 * the newest bound host. A malformed frame stops the watching; AgentProtocol decides what to do with it.
 */
export class SessionBindWatcher {
  #pending: Buffer = Buffer.alloc(0);
  #broken = false;
  host: BoundHost | null = null;

  push(chunk: Buffer): void {
    if (this.#broken) return;
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    for (;;) {
      if (this.#pending.length < 4) return;
      const length = this.#pending.readUInt32BE(0);
      if (length === 0 || length > MAX_MESSAGE) {
        this.#broken = true;
        this.#pending = Buffer.alloc(0);
        return;
      }
      if (this.#pending.length < 4 + length) return;
      const message = this.#pending.subarray(4, 4 + length);
      this.#pending = this.#pending.subarray(4 + length);
      if (message[0] === SSH_AGENTC_EXTENSION) {
        const host = parseSessionBind(message.subarray(1));
        if (host) this.host = host;
      }
    }
  }
}
