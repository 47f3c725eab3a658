#!/usr/bin/env node
// Launches the keyhold command from its TypeScript sources: tsx compiles them as they load, in this process.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
