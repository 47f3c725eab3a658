/** Import boundaries of DESIGN.md, enforced mechanically (npm run boundaries). */
const nodeBuiltins =
  '^(node:|(assert|buffer|child_process|cluster|crypto|dgram|dns|events|fs|http|http2|https|net|os|path|perf_hooks|process|readline|stream|tls|tty|url|util|v8|vm|worker_threads|zlib)(/|$))';
module.exports = {
  forbidden: [
    {
      name: 'server-not-to-ui-or-client',
      comment: 'The server never imports electron, React, client/ or the renderer.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: ['^client/', '^renderer/', '^electron/', 'node_modules/(electron|react|react-dom)/'] },
    },
    {
      name: 'contract-runtime-neutral',
      comment:
        'server/contract is imported by clients, so it stays free of node and of the rest of the server.',
      severity: 'error',
      from: { path: '^server/contract/' },
      to: { path: ['^server/(?!contract/)', nodeBuiltins] },
    },
    {
      name: 'client-runtime-neutral',
      comment: 'client/ runs in the browser, the renderer and Node: web-standard APIs only.',
      severity: 'error',
      from: { path: '^client/', pathNot: '\\.test\\.ts$' },
      to: {
        path: [
          nodeBuiltins,
          '^server/(?!contract/)',
          '^electron/',
          '^renderer/',
          'node_modules/(electron|better-sqlite3|kysely|fastify|undici)/',
        ],
      },
    },
    {
      name: 'client-to-node-builtins',
      severity: 'error',
      from: { path: '^client/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-to-node-builtins',
      severity: 'error',
      from: { path: '^server/contract/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-browser-only',
      comment: 'The renderer runs sandboxed in a window: browser APIs, client/ and the contract only.',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '\\.test\\.tsx?$' },
      to: {
        path: [
          nodeBuiltins,
          '^server/(?!contract/)',
          '^electron/',
          'node_modules/(electron|better-sqlite3|kysely|fastify|undici)/',
        ],
      },
    },
    {
      name: 'renderer-to-node-builtins',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '\\.test\\.tsx?$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-not-to-ui',
      comment: 'The main process hosts the server; it never imports the renderer or React.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: ['^renderer/', 'node_modules/(react|react-dom)/'] },
    },
    {
      name: 'cli-node-client-contract-only',
      comment:
        'The keyhold command talks to the server over HTTPS like any client: node, client/ and the contract only.',
      severity: 'error',
      from: { path: '^cli/' },
      to: {
        path: [
          '^server/(?!contract/)',
          '^renderer/',
          '^electron/',
          'node_modules/(electron|react|react-dom|better-sqlite3|kysely|fastify)/',
        ],
      },
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
