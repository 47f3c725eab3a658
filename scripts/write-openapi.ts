// `npm run openapi`: writes docs/openapi.json from the contract (the same document the server serves).
import { writeFileSync } from 'node:fs';
import { buildOpenApi } from '../contract/openapi.ts';
import { SERVER_VERSION } from '../server/server-version.ts';

const file = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(buildOpenApi(SERVER_VERSION), null, 2)}\n`);
process.stdout.write('docs/openapi.json written\n');
