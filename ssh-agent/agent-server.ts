// The agent itself: serves the OpenSSH agent protocol (ssh2's AgentProtocol) on a socket or named pipe, lists
// the identities its key source offers, and signs after an approval, fetching the private key for that one
// signature only. It never adds, removes or exports keys: those requests are answered with a failure.
import { randomUUID } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { ApprovalMemory, type Approve, askWithTimeout, type SignQuestion } from './approval.ts';
import { type PeerProcess, peerProcessOf } from './peer-process.ts';
import { keyFingerprint, SessionBindWatcher } from './session-bind.ts';
import { isServedKeyType, pickRsaHash, signWire } from './signatures.ts';
import { isNamedPipe, prepareSocketPath } from './socket-path.ts';
import { AgentProtocol, type ParsedKey, utils } from './ssh2.ts';

/** One key the agent offers: its public blob (SSH wire form) and a comment, named by an id of the source. */
export interface AgentIdentity {
  id: string;
  publicKey: Buffer;
  comment: string;
}

/**
 * Where keys come from (the vault). A locked or signed-out source lists nothing and gives no private key: the
 * agent keeps no private key between signatures.
 */
export interface KeySource {
  list(): Promise<AgentIdentity[]>;
  /** The private key (OpenSSH or PEM text) of one identity, or null when it cannot be had now. */
  privateKey(id: string): Promise<string | null>;
}

/** What happened, for a log or a status line; never carries key material or the signed data. */
export type AgentEvent =
  | { type: 'listed'; count: number }
  | { type: 'signed'; keyId: string; algorithm: string }
  | { type: 'refused'; keyId: string | null; reason: AgentRefusal };

export type AgentRefusal =
  | 'unknown-key'
  | 'unsupported-key'
  | 'sha1-refused'
  | 'denied'
  | 'locked'
  | 'key-mismatch'
  | 'failed';

export interface AgentOptions {
  socketPath: string;
  keys: KeySource;
  approve: Approve;
  /** Standing "allow for N minutes" approvals; pass one to clear it from outside (on lock). */
  memory?: ApprovalMemory;
  approvalTimeoutMs?: number;
  onEvent?: (event: AgentEvent) => void;
}

export interface RunningAgent {
  socketPath: string;
  memory: ApprovalMemory;
  close(): Promise<void>;
}

/** The ParsedKey of a public blob when the agent serves its type, else null. */
function servedPublicKey(blob: Buffer): ParsedKey | null {
  const parsed = utils.parseKey(blob);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key instanceof Error || !isServedKeyType(key.type)) return null;
  return key;
}

class AgentConnection {
  readonly #protocol = new AgentProtocol(false);
  readonly #bind = new SessionBindWatcher();
  readonly #socket: Socket;
  /** Looked up at the first signature the connection asks for (a listing needs no name). */
  #peer: Promise<PeerProcess | null> | null = null;

  constructor(
    socket: Socket,
    private readonly options: AgentOptions & { memory: ApprovalMemory },
  ) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#bind.push(chunk));
    socket.pipe(this.#protocol).pipe(socket);
    const end = () => {
      socket.destroy();
      this.#protocol.destroy();
    };
    socket.on('error', end);
    this.#protocol.on('error', end);
    this.#protocol.on('identities', (req) => {
      void this.#identities().then(
        (keys) => this.#protocol.getIdentitiesReply(req, keys),
        () => this.#protocol.failureReply(req),
      );
    });
    this.#protocol.on('sign', (req, pubKey, data, flags) => {
      void this.#sign(pubKey, data, flags.hash).then(
        (signature) =>
          signature ? this.#protocol.signReply(req, signature) : this.#protocol.failureReply(req),
        () => this.#protocol.failureReply(req),
      );
    });
  }

  async #identities(): Promise<ParsedKey[]> {
    const keys: ParsedKey[] = [];
    for (const identity of await this.options.keys.list()) {
      const key = servedPublicKey(identity.publicKey);
      if (!key) continue;
      key.comment = identity.comment;
      keys.push(key);
    }
    this.options.onEvent?.({ type: 'listed', count: keys.length });
    return keys;
  }

  #refuse(keyId: string | null, reason: AgentRefusal): null {
    this.options.onEvent?.({ type: 'refused', keyId, reason });
    return null;
  }

  async #sign(pubKey: ParsedKey, data: Buffer, hash: string | undefined): Promise<Buffer | null> {
    const blob = pubKey.getPublicSSH();
    const identity = (await this.options.keys.list()).find((one) => one.publicKey.equals(blob));
    if (!identity) return this.#refuse(null, 'unknown-key');
    if (!isServedKeyType(pubKey.type)) return this.#refuse(identity.id, 'unsupported-key');
    const rsaHash = pickRsaHash(hash);
    if (pubKey.type === 'ssh-rsa' && !rsaHash) return this.#refuse(identity.id, 'sha1-refused');
    const algorithm =
      pubKey.type === 'ssh-rsa' ? `rsa-sha2-${rsaHash === 'sha512' ? '512' : '256'}` : pubKey.type;

    const { memory } = this.options;
    if (!memory.allows(identity.id)) {
      this.#peer ??= peerProcessOf(this.#socket);
      const question: SignQuestion = {
        requestId: randomUUID(),
        keyId: identity.id,
        keyName: identity.comment,
        fingerprint: keyFingerprint(blob),
        algorithm,
        host: this.#bind.host,
        client: await this.#peer,
        askedAt: new Date().toISOString(),
      };
      const answer = await askWithTimeout(this.options.approve, question, this.options.approvalTimeoutMs);
      if (!answer.allow) return this.#refuse(identity.id, 'denied');
      memory.remember(identity.id, answer.forMinutes);
    }

    // Asked for now, used for this one signature, then dropped with the parsed key.
    const privateText = await this.options.keys.privateKey(identity.id);
    if (privateText === null) return this.#refuse(identity.id, 'locked');
    const parsed = utils.parseKey(privateText);
    const privateKey = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!privateKey || privateKey instanceof Error || !privateKey.isPrivateKey()) {
      return this.#refuse(identity.id, 'failed');
    }
    // The item may have been edited since it was listed: sign only with the key the client asked for.
    if (!privateKey.getPublicSSH().equals(blob)) return this.#refuse(identity.id, 'key-mismatch');
    try {
      const signature = signWire(pubKey.type, privateKey.getPrivatePEM(), data, rsaHash ?? 'sha512');
      this.options.onEvent?.({ type: 'signed', keyId: identity.id, algorithm });
      return signature;
    } catch {
      return this.#refuse(identity.id, 'failed');
    }
  }
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts the agent on its socket (the folder made private, a stale socket removed) and returns its handle. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const memory = options.memory ?? new ApprovalMemory();
  const withMemory = { ...options, memory };
  await prepareSocketPath(options.socketPath);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new AgentConnection(socket, withMemory);
  });
  // Created under a 0077 umask so that no other user can connect between listen and chmod.
  const umask = isNamedPipe(options.socketPath) ? null : process.umask(0o077);
  try {
    await listen(server, options.socketPath);
  } finally {
    if (umask !== null) process.umask(umask);
  }
  if (!isNamedPipe(options.socketPath)) chmodSync(options.socketPath, 0o600);
  return {
    socketPath: options.socketPath,
    memory,
    close: () =>
      new Promise<void>((resolve) => {
        memory.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          if (!isNamedPipe(options.socketPath)) rmSync(options.socketPath, { force: true });
          resolve();
        });
      }),
  };
}
