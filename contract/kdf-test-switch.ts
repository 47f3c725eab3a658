// Test-only switch that lowers the KDF floor in this process, so tests can sign in with cheap Argon2id.
// Only test code may import this file (the import-boundary check refuses any other importer), nothing
// reads it from a server answer or an environment variable, and production bundles compile it out
// (see kdf-floor.ts: KEYHOLD_KDF_FLOOR_BUILD).

export const kdfTestSwitch = { lowered: false };

/** Lets this process derive and accept the cheap test parameters (TEST_KDF_PARAMS). Tests only. */
export function lowerKdfFloorForTests(): void {
  kdfTestSwitch.lowered = true;
}
