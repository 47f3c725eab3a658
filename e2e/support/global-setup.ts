// Builds the web UI once before the run: the e2e specs load it from the server like a user would.
import { buildRenderer } from '../../scripts/build-renderer.mjs';

export default async function setup(): Promise<void> {
  // The specs' servers take cheap Argon2id (TEST_KDF_PARAMS): the bundle they load lowers its KDF floor to match.
  await buildRenderer({ kdfFloor: 'test' });
}
