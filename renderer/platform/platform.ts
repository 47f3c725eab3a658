// What the UI needs from where it runs: the desktop window (IPC bridge) or a browser (HTTPS to its origin).
import type { Transport } from '../../client/index.ts';
import type {
  AppModeView,
  ClientKind,
  DesktopInputOf,
  KeychainUnavailableReason,
  LockReason,
  SshAgentIdentity,
  SshAgentStatus,
  SshSignRequest,
} from '../../contract/index.ts';

export interface KeychainStatus {
  available: boolean;
  remembered: boolean;
  /** Why the keychain cannot keep the passphrase, or cannot use the one it kept; null when it can. */
  reason: KeychainUnavailableReason | null;
}

/** "Unseal with this computer's keychain": only the desktop app has one. */
export interface Keychain {
  status(): Promise<KeychainStatus>;
  remember(passphrase: string): Promise<KeychainStatus>;
  forget(): Promise<KeychainStatus>;
  unseal(): Promise<void>;
}

/** Host or client mode: only the desktop app chooses (a browser always talks to the server that served it). */
export interface Connection {
  mode(): Promise<AppModeView>;
  /** Meets a server without trusting it: the CA fingerprint a person compares before connecting. */
  probe(url: string): Promise<{ url: string; caFingerprint: string; caSubject: string }>;
  connect(input: DesktopInputOf<'desktop.connectServer'>): Promise<AppModeView>;
  switchToHost(): Promise<AppModeView>;
}

/** What main asks the window for on the SSH agent's behalf. */
export type SshAgentAsk =
  | { type: 'sign'; request: SshSignRequest }
  | { type: 'settled'; requestId: string }
  | { type: 'key'; requestId: string; itemId: string };

/** The desktop's SSH agent (the web has none: a browser page cannot listen on a socket). */
export interface SshAgentControl {
  status(): Promise<SshAgentStatus>;
  setEnabled(enabled: boolean): Promise<SshAgentStatus>;
  setIdentities(identities: SshAgentIdentity[], locked: boolean): Promise<SshAgentStatus>;
  answer(requestId: string, allow: boolean, forMinutes: number): Promise<void>;
  giveKey(requestId: string, privateKey: string | null): Promise<void>;
  onAsk(listener: (ask: SshAgentAsk) => void): () => void;
}

export interface Platform {
  readonly kind: ClientKind;
  readonly transport: Transport;
  /** Copies text and clears the clipboard after `clearAfterSeconds` if it still holds that text (0: never). */
  copy(text: string, clearAfterSeconds: number): Promise<void>;
  /**
   * Tells the platform the idle time after which to lock. The desktop measures the whole computer's
   * idle time; a browser can only see activity in its own page, which the UI tracks itself.
   */
  setAutoLock(idleMinutes: number): void;
  /** Locks requested from outside the page: screen lock, suspend, the app menu. */
  onLock(listener: (reason: LockReason) => void): () => void;
  readonly keychain: Keychain | null;
  readonly connection: Connection | null;
  /** Whether the platform measures idle time itself (desktop) or leaves it to the page (web). */
  readonly tracksIdle: boolean;
  /** The SSH agent, on the desktop only. */
  readonly sshAgent?: SshAgentControl;
}
