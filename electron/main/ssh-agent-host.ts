// The desktop's SSH agent: on when the person turns it on (remembered on this computer, off by default),
// listening once the window has unlocked a vault. The window holds the keys: it tells main which public keys
// to offer, answers each approval in a dialog, and hands over one private key per signature. Main keeps no
// private key, and on lock forgets the offered keys and every standing "allow for N minutes".
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BridgeEvent, SshAgentIdentity, SshAgentStatus } from '../../contract/index.ts';
import { type AgentIdentity, type RunningAgent, startAgent } from '../../ssh-agent/agent-server.ts';
import { ApprovalMemory, type Approve, type SignAnswer } from '../../ssh-agent/approval.ts';
import { defaultSocketPath } from '../../ssh-agent/socket-path.ts';

export const SSH_AGENT_FILE = 'ssh-agent.json';
/** How long main waits for the window to hand over a private key it has already been allowed to use. */
const KEY_WAIT_MS = 30_000;

interface Waiting<T> {
  resolve: (value: T) => void;
  timer: NodeJS.Timeout;
}

export interface SshAgentHostOptions {
  /** The file that remembers on/off (in the app's user-data folder). */
  file: string;
  send: (event: BridgeEvent) => void;
  socketPath?: string;
  /** The agent's approval limit (60 s); a test passes less. */
  approvalTimeoutMs?: number;
}

export class SshAgentHost {
  readonly socketPath: string;
  readonly #memory = new ApprovalMemory();
  readonly #approvals = new Map<string, Waiting<SignAnswer>>();
  readonly #keys = new Map<string, Waiting<string | null>>();
  #identities: AgentIdentity[] = [];
  #unlocked = false;
  #enabled: boolean;
  #agent: RunningAgent | null = null;
  #starting: Promise<void> | null = null;
  #error: string | null = null;

  constructor(private readonly options: SshAgentHostOptions) {
    this.socketPath = options.socketPath ?? defaultSocketPath();
    this.#enabled = this.#readEnabled();
  }

  #readEnabled(): boolean {
    try {
      return (JSON.parse(readFileSync(this.options.file, 'utf8')) as { enabled?: unknown }).enabled === true;
    } catch {
      return false;
    }
  }

  status(): SshAgentStatus {
    return {
      enabled: this.#enabled,
      running: this.#agent !== null,
      socketPath: this.socketPath,
      offered: this.#identities.length,
      error: this.#error,
    };
  }

  async setEnabled(enabled: boolean): Promise<SshAgentStatus> {
    this.#enabled = enabled;
    mkdirSync(path.dirname(this.options.file), { recursive: true });
    writeFileSync(this.options.file, `${JSON.stringify({ enabled })}\n`, { mode: 0o600 });
    if (enabled && this.#unlocked) await this.#start();
    if (!enabled) await this.stop();
    return this.status();
  }

  /** The window's keys after unlock (starting the agent if it is on); an empty list with `locked` on lock. */
  async setIdentities(identities: SshAgentIdentity[], locked = false): Promise<SshAgentStatus> {
    this.#identities = identities.map((one) => ({
      id: one.itemId,
      comment: one.name,
      publicKey: Buffer.from(one.publicKey, 'base64'),
    }));
    if (locked || identities.length === 0) this.#forgetApprovals();
    this.#unlocked = !locked;
    if (this.#enabled && this.#unlocked) await this.#start();
    return this.status();
  }

  /** Locked (by main's own lock events, or the window signing out): offer nothing, allow nothing. */
  lock(): void {
    this.#identities = [];
    this.#unlocked = false;
    this.#forgetApprovals();
  }

  answer(requestId: string, answer: SignAnswer): void {
    this.#settle(this.#approvals, requestId, answer);
  }

  giveKey(requestId: string, privateKey: string | null): void {
    this.#settle(this.#keys, requestId, privateKey);
  }

  async stop(): Promise<void> {
    await this.#starting;
    const agent = this.#agent;
    this.#agent = null;
    this.#forgetApprovals();
    await agent?.close();
  }

  #settle<T>(waiting: Map<string, Waiting<T>>, requestId: string, value: T): void {
    const one = waiting.get(requestId);
    if (!one) return;
    waiting.delete(requestId);
    clearTimeout(one.timer);
    one.resolve(value);
  }

  #forgetApprovals(): void {
    this.#memory.clear();
    for (const id of [...this.#approvals.keys()]) this.answer(id, { allow: false });
    for (const id of [...this.#keys.keys()]) this.giveKey(id, null);
  }

  #wait<T>(waiting: Map<string, Waiting<T>>, requestId: string, ms: number, fallback: T): Promise<T> {
    return new Promise<T>((resolve) => {
      const timer = setTimeout(() => this.#settle(waiting, requestId, fallback), ms);
      waiting.set(requestId, { resolve, timer });
    });
  }

  readonly #approve: Approve = (question, signal) => {
    const asked = this.#wait<SignAnswer>(this.#approvals, question.requestId, 2 * 60_000, { allow: false });
    signal.addEventListener('abort', () => this.answer(question.requestId, { allow: false }));
    this.options.send({ type: 'ssh-sign-request', request: question });
    return asked.finally(() =>
      this.options.send({ type: 'ssh-sign-settled', requestId: question.requestId }),
    );
  };

  #start(): Promise<void> {
    if (this.#agent) return Promise.resolve();
    this.#starting ??= startAgent({
      socketPath: this.socketPath,
      memory: this.#memory,
      approve: this.#approve,
      ...(this.options.approvalTimeoutMs ? { approvalTimeoutMs: this.options.approvalTimeoutMs } : {}),
      keys: {
        list: async () => (this.#unlocked ? this.#identities : []),
        privateKey: (id) => {
          if (!this.#unlocked || !this.#identities.some((one) => one.id === id)) return Promise.resolve(null);
          const requestId = randomUUID();
          const given = this.#wait<string | null>(this.#keys, requestId, KEY_WAIT_MS, null);
          this.options.send({ type: 'ssh-key-request', requestId, itemId: id });
          return given;
        },
      },
    })
      .then(
        (agent) => {
          this.#agent = agent;
          this.#error = null;
        },
        (error: unknown) => {
          this.#error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        this.#starting = null;
      });
    return this.#starting;
  }
}
