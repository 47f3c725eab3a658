// Entry of a keyhold worker thread that scores passwords for the health report: tsx compiles the sources
// here too, as in keyhold.mjs (a worker does not inherit the loader the main thread registered).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./health-score-thread.ts');
