// Auto-lock: after the computer has been idle for the chosen time, and at once on screen lock or suspend.
import type { LockReason } from '../../server/contract/index.ts';

export interface PowerMonitorLike {
  getSystemIdleTime(): number;
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
}

export const DEFAULT_IDLE_MINUTES = 5;
/** How often the system idle time is read; locking may come up to this much after the limit. */
export const IDLE_POLL_MS = 15_000;

export class AutoLock {
  readonly #power: PowerMonitorLike;
  readonly #lock: (reason: LockReason) => void;
  #idleMinutes = DEFAULT_IDLE_MINUTES;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** Locks once per idle stretch: activity re-arms it. */
  #lockedForIdle = false;
  readonly #onScreenLock = () => this.#lock('screen-locked');
  readonly #onSuspend = () => this.#lock('suspend');

  constructor(power: PowerMonitorLike, lock: (reason: LockReason) => void) {
    this.#power = power;
    this.#lock = lock;
  }

  start(): void {
    this.#power.on('lock-screen', this.#onScreenLock);
    this.#power.on('suspend', this.#onSuspend);
    this.#timer = setInterval(() => this.check(), IDLE_POLL_MS);
  }

  stop(): void {
    this.#power.removeListener('lock-screen', this.#onScreenLock);
    this.#power.removeListener('suspend', this.#onSuspend);
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  get idleMinutes(): number {
    return this.#idleMinutes;
  }

  /** 0 turns idle locking off; screen lock and suspend still lock. */
  setIdleMinutes(minutes: number): void {
    this.#idleMinutes = minutes;
    this.#lockedForIdle = false;
  }

  check(): void {
    if (this.#idleMinutes <= 0) return;
    const idleSeconds = this.#power.getSystemIdleTime();
    if (idleSeconds < this.#idleMinutes * 60) {
      this.#lockedForIdle = false;
      return;
    }
    if (this.#lockedForIdle) return;
    this.#lockedForIdle = true;
    this.#lock('idle');
  }
}
