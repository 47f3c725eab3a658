// Auto-lock: after the computer has been idle for the chosen time, and at once on screen lock or suspend.
//
// The one place where the systems differ: Electron's powerMonitor emits 'lock-screen' on macOS and Windows
// only (@platform darwin,win32 in electron.d.ts), so on Linux the screen lock is polled through
// getSystemIdleState(), which Chromium answers 'locked' while the desktop's screen saver reports itself
// active (seen on GNOME/Wayland in teams-for-linux#1407). Bitwarden listens for the same screen savers'
// ActiveChanged D-Bus signal (desktop_native/core/src/powermonitor/linux.rs); polling needs no D-Bus
// binding. A locker that neither Chromium nor that signal sees (some standalone Wayland lockers) is not
// noticed; the idle lock still applies there.
import type { LockReason } from '../../contract/index.ts';
import type { PowerMonitorSurface } from './electron-surface.ts';

export type PowerMonitorLike = PowerMonitorSurface;

export const DEFAULT_IDLE_MINUTES = 5;
/** How often the system idle time is read; locking may come up to this much after the limit. */
export const IDLE_POLL_MS = 15_000;
/** How often Linux is asked whether the screen is locked: the window locks at most this long after it. */
export const SCREEN_LOCK_POLL_MS = 3_000;
/** getSystemIdleState needs a threshold; only its 'locked' answer is used, so the value does not matter. */
const IDLE_STATE_THRESHOLD_SECONDS = 60;

/** Whether the screen lock arrives as an event, or has to be polled (Linux). */
export function screenLockIsPolled(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin' && platform !== 'win32';
}

export class AutoLock {
  readonly #power: PowerMonitorLike;
  readonly #lock: (reason: LockReason) => void;
  readonly #pollScreenLock: boolean;
  #idleMinutes = DEFAULT_IDLE_MINUTES;
  #timers: ReturnType<typeof setInterval>[] = [];
  /** Locks once per idle stretch: activity re-arms it. */
  #lockedForIdle = false;
  /** Locks once per screen-lock stretch (Linux polling): unlocking the screen re-arms it. */
  #screenWasLocked = false;
  readonly #onScreenLock = () => this.#lock('screen-locked');
  readonly #onSuspend = () => this.#lock('suspend');

  constructor(
    power: PowerMonitorLike,
    lock: (reason: LockReason) => void,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.#power = power;
    this.#lock = lock;
    this.#pollScreenLock = screenLockIsPolled(platform);
  }

  start(): void {
    this.stop();
    if (!this.#pollScreenLock) this.#power.on('lock-screen', this.#onScreenLock);
    this.#power.on('suspend', this.#onSuspend);
    this.#timers.push(setInterval(() => this.check(), IDLE_POLL_MS));
    if (this.#pollScreenLock) {
      this.#timers.push(setInterval(() => this.checkScreenLock(), SCREEN_LOCK_POLL_MS));
    }
  }

  stop(): void {
    this.#power.removeListener('lock-screen', this.#onScreenLock);
    this.#power.removeListener('suspend', this.#onSuspend);
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
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

  /** Linux: the screen lock as a state, turned into one lock per locked stretch. */
  checkScreenLock(): void {
    const locked = this.#power.getSystemIdleState(IDLE_STATE_THRESHOLD_SECONDS) === 'locked';
    if (locked && !this.#screenWasLocked) this.#lock('screen-locked');
    this.#screenWasLocked = locked;
  }
}
