// Builds the web UI once before the run: the e2e specs load it from the server like a user would.
import { buildRenderer } from '../../scripts/build-renderer.mjs';

export default async function setup(): Promise<void> {
  await buildRenderer();
}
