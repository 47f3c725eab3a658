// The keyhold command as cli/keyhold.mjs launches it, with the KDF floor lowered for the tests' cheap
// Argon2id parameters first. Only tests start this; the shipped launcher never lowers the floor.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('../support/lower-kdf-floor.ts');
const { main } = await import('../../cli/main.ts');
process.exitCode = await main(process.argv);
