/**
 * Import boundaries of DESIGN.md, enforced mechanically (npm run boundaries). Each shipped folder has an
 * allowlist: a rule named `<folder>-allowlist` that reports every import outside what the folder may use.
 * tests/boundaries/wrong-imports.test.ts runs this configuration on a tree of deliberately wrong imports and asserts each
 * is reported by the rule named there.
 */

/** The contract's folder: a top-level peer of server/ and client/. */
const contract = 'contract/';
/** The one Node HTTPS connection to a Keyhold server, shared by the CLI and the desktop's client mode. */
const nodeHttps = 'node-https/';
/** The SSH agent (OpenSSH agent protocol over a socket), shared by the desktop's main process and the CLI. */
const sshAgent = 'ssh-agent/';

/** A regex for installed packages by name (also their @types), wherever node_modules sits. */
const packages = (...names) =>
  `(^|/)node_modules/(@types/)?(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})/`;
/** A regex for every package in a scope, e.g. @noble/* . */
const scope = (name) => `(^|/)node_modules/${name}/`;

/**
 * Test files next to the code and the harness folders are exempt from the folder allowlists: they drive the
 * real parts from outside (a client test reads a fixture from tests/, an electron test builds with scripts/).
 */
const testFiles = '\\.test\\.tsx?$';
const harness = ['^tests/', '^e2e/', '^bench/'];

/** One folder's allowlist: an import from `folder` to anything outside `may` (or node, when allowed) is an error. */
const allowlist = ({ name, comment, folder, except = [], may, node = false }) => ({
  name,
  comment,
  severity: 'error',
  from: { path: folder, pathNot: [testFiles, ...except] },
  to: node ? { dependencyTypesNot: ['core'], pathNot: may } : { pathNot: may },
});

module.exports = {
  forbidden: [
    allowlist({
      name: 'contract-allowlist',
      comment: 'The contract is imported by every side, so it is runtime-neutral: zod and itself only.',
      folder: `^${contract}`,
      may: [`^${contract}`, packages('zod')],
    }),
    allowlist({
      name: 'client-allowlist',
      comment:
        'client/ runs in the browser, the renderer and Node: web-standard APIs, the contract, and the audited ' +
        'crypto and parsing libraries it uses.',
      folder: '^client/',
      may: [
        '^client/',
        `^${contract}`,
        packages('zod', 'hash-wasm', 'papaparse', 'otpauth'),
        scope('@noble'),
        scope('@zxcvbn-ts'),
      ],
    }),
    allowlist({
      name: 'renderer-allowlist',
      comment:
        'The renderer runs sandboxed in a window: browser APIs, client/, the contract and its UI libraries.',
      folder: '^renderer/',
      may: [
        '^renderer/',
        '^client/',
        `^${contract}`,
        packages('react', 'react-dom', 'react-i18next', 'i18next', 'uplot', 'zod'),
        scope('@tanstack'),
        scope('@zxcvbn-ts'),
      ],
    }),
    allowlist({
      name: 'node-https-allowlist',
      comment:
        'The Node HTTPS connection to a Keyhold server (pinned CA, client certificate, proxy tunnel), used by ' +
        'the CLI and by the main process in client mode: node and undici (which speaks to the proxy) only. It ' +
        'knows no operation, so not even the contract; never electron, server/, client/ or the renderer.',
      folder: `^${nodeHttps}`,
      node: true,
      may: [`^${nodeHttps}`, packages('undici')],
    }),
    allowlist({
      name: 'ssh-agent-allowlist',
      comment:
        'The SSH agent serves keys a caller hands it (the desktop main process, the CLI): node and ssh2 (the ' +
        'protocol and key parsing) only. It knows no operation and no vault, so never client/, server/, electron ' +
        'or the contract.',
      folder: `^${sshAgent}`,
      node: true,
      may: [`^${sshAgent}`, packages('ssh2')],
    }),
    allowlist({
      name: 'preload-allowlist',
      comment:
        'The preload is the one bridge and runs sandboxed: electron only. Known exception: the bridge channel ' +
        'names and shapes (contract/desktop/bridge-channels.ts, no runtime imports of its own), so that main and ' +
        'the preload cannot disagree on them.',
      folder: '^electron/preload/',
      may: ['^electron/preload/', packages('electron'), `^${contract}desktop/bridge-channels\\.ts$`],
    }),
    allowlist({
      name: 'electron-main-allowlist',
      comment:
        'The main process hosts the server: electron, node, server/, the contract, and for its client mode ' +
        'node-https/ and zod. Never client/ or the renderer. Known exception: host-worker.ts picks ' +
        'the native SQLite binding with scripts/native-folder.mjs, shared with the packaging scripts.',
      folder: '^electron/main/',
      node: true,
      may: [
        '^electron/main/',
        '^server/',
        `^${contract}`,
        `^${nodeHttps}`,
        `^${sshAgent}`,
        packages('electron', 'zod'),
        '^scripts/native-folder\\.mjs$',
      ],
    }),
    allowlist({
      name: 'cli-allowlist',
      comment:
        'The keyhold command talks to the server over HTTPS like any client: node, client/, the contract, ' +
        'node-https/ (its connection) and its command-line libraries; tsx loads its TypeScript and esbuild ' +
        'bundles it (cli/build-bundle.mjs).',
      folder: '^cli/',
      node: true,
      may: [
        '^cli/',
        '^client/',
        `^${contract}`,
        `^${nodeHttps}`,
        `^${sshAgent}`,
        packages('commander', 'cli-progress', 'zod', 'tsx', 'esbuild'),
      ],
    }),
    allowlist({
      name: 'server-allowlist',
      comment:
        'The server: node, itself and its libraries; never electron, React, client/, the renderer or cli/.',
      folder: '^server/',
      node: true,
      may: [
        '^server/',
        `^${contract}`,
        packages(
          'fastify',
          '@fastify/static',
          'kysely',
          'better-sqlite3',
          'pg',
          'pino',
          'zod',
          '@node-rs/argon2',
          '@noble/curves',
          '@noble/hashes',
          '@peculiar/x509',
          'asn1js',
          'pkijs',
          'reflect-metadata',
          'rate-limiter-flexible',
          'shamir-secret-sharing',
        ),
      ],
    }),
    {
      name: 'nothing-imports-cli',
      comment:
        'cli/ is a leaf: no shipped folder imports it. Tests, e2e and bench may (they drive and measure the command).',
      severity: 'error',
      from: { pathNot: ['^cli/', testFiles, ...harness] },
      to: { path: '^cli/' },
    },
    {
      name: 'handlers-write-through-services',
      comment:
        'The secrets and grants repositories belong to their services, which keep the memory copies in step: ' +
        'a handler may name their types, never call them (that would bypass the index and the change feed).',
      severity: 'error',
      from: { path: '^server/operations/', pathNot: [testFiles] },
      to: {
        path: '^server/secrets/(secrets|grants)-repo\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'kdf-test-switch-tests-only',
      comment:
        'Lowering the KDF floor is for tests only: no shipped code may import the switch (kdf-floor.ts reads it).',
      severity: 'error',
      from: {
        pathNot: [...harness, testFiles, `^${contract}kdf-floor\\.ts$`],
      },
      to: { path: `^${contract}kdf-test-switch\\.ts$` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
