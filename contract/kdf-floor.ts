// The least Argon2id cost any client derives with and the server stores a verifier for (Bitwarden's defaults).
import { kdfTestSwitch } from './kdf-test-switch.ts';

export interface KdfCostFloor {
  memoryKiB: number;
  iterations: number;
}

/** 64 MiB and 3 passes: a server (or a hostile one) can never talk a client into less. */
export const KDF_FLOOR: KdfCostFloor = { memoryKiB: 65_536, iterations: 3 };

/** What tests may use once they lower the floor (TEST_KDF_PARAMS is exactly this). */
export const TEST_KDF_FLOOR: KdfCostFloor = { memoryKiB: 1024, iterations: 1 };

/**
 * Set by esbuild's `define` when a bundle is built: 'production' for every shipped bundle (the web UI,
 * Electron's main, worker and preload), where the test switch is dead code; 'test' for the web UI that
 * the browser tests load. Undefined when the sources run as they are (vitest, tsx): then only the test
 * switch, which only test code can import, lowers the floor.
 */
declare const KEYHOLD_KDF_FLOOR_BUILD: 'production' | 'test' | undefined;

const build = typeof KEYHOLD_KDF_FLOOR_BUILD === 'undefined' ? undefined : KEYHOLD_KDF_FLOOR_BUILD;

export function kdfFloor(): KdfCostFloor {
  if (build === 'production') return KDF_FLOOR;
  if (build === 'test' || kdfTestSwitch.lowered) return TEST_KDF_FLOOR;
  return KDF_FLOOR;
}

/** Why these parameters are too weak to use, in words a person can read; null when they are strong enough. */
export function kdfBelowFloor(kdf: { memoryKiB: number; iterations: number }): string | null {
  const floor = kdfFloor();
  if (kdf.memoryKiB < floor.memoryKiB) {
    return `Argon2id memory ${kdf.memoryKiB} KiB is below the floor of ${floor.memoryKiB} KiB`;
  }
  if (kdf.iterations < floor.iterations) {
    return `Argon2id ${kdf.iterations} passes are below the floor of ${floor.iterations}`;
  }
  return null;
}
