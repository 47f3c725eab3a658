#!/usr/bin/env node
// Launches the keyhold command from its TypeScript sources: tsx compiles them as they load, in this process.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The repository's tsconfig, wherever keyhold is run from (tsx would otherwise look in the working folder).
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
