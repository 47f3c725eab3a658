// `npm start`: opens the desktop app when an Electron binary can be had; otherwise says how to use the web UI.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronPath = null;
try {
  // The electron package exports the path of its binary once that binary has been downloaded.
  electronPath = require('electron');
} catch {
  electronPath = null;
}

if (typeof electronPath !== 'string') {
  process.stderr.write(
    [
      'keyhold: the desktop app cannot start here: no Electron binary is available',
      '(it is downloaded on first launch, and this machine cannot reach the download).',
      '',
      'Run the same server with its web UI instead:',
      '  npm run serve',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
const result = spawnSync(electronPath, ['.'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
