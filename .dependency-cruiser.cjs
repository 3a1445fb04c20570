/**
 * The layer rules (`npm run lint:layers`, part of `npm run lint` and so of `npm test`):
 * the core is pure, services speak the domain, adapters and the HTTP layer sit outside
 * them, the contract rests on the core, the web app takes only the contract from the
 * server (the shared rules, the generated types, zod schemas as types), and production code never reaches
 * into tests, benchmarks or scripts. docs/architecture.md explains the layers.
 */
const TEST_FILE = '\\.test\\.tsx?$';

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'functions/core knows no SDK, HTTP, clock, environment or Node built-in: only itself and zod.',
      severity: 'error',
      from: { path: '^functions/core/', pathNot: TEST_FILE },
      to: { pathNot: ['^functions/core/', '^node_modules/zod/'] },
    },
    {
      name: 'services-speak-the-domain',
      comment: 'functions/services use the core and their ports, never an adapter, the HTTP layer, a handler or the local runner.',
      severity: 'error',
      from: { path: '^functions/services/', pathNot: TEST_FILE },
      to: { path: '^functions/(adapters|http|handlers|local)/' },
    },
    {
      name: 'adapters-do-not-serve-http',
      comment: 'An adapter does one technology; it does not reach into the HTTP layer, handlers or the local runner.',
      severity: 'error',
      from: { path: '^functions/adapters/', pathNot: TEST_FILE },
      to: { path: '^functions/(http|handlers|local)/' },
    },
    {
      name: 'contract-rests-on-the-core',
      comment: 'functions/contract is zod schemas over the pure core (and the types generated from the OpenAPI document): no service, adapter, HTTP or SDK.',
      severity: 'error',
      from: { path: '^functions/contract/', pathNot: TEST_FILE },
      to: { pathNot: ['^functions/(contract|core)/', '^node_modules/zod/'] },
    },
    {
      name: 'web-never-sees-server-internals',
      comment:
        'From the server the web app takes the contract only (functions/contract): not even a type from the core, services, adapters, the HTTP layer, handlers or the local runner.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^functions/', pathNot: '^functions/contract/' },
    },
    {
      name: 'web-runs-only-the-pure-core',
      comment:
        'The web app is a separate bundle: what it runs from the server is the shared rules of the pure core (functions/contract/rules.ts) and the enum values generated from the OpenAPI document (functions/contract/openapi-types.ts); the zod schemas of the contract it may name as types only. Its tests, never bundled, may read the contract to check that the app agrees with it.',
      severity: 'error',
      from: { path: '^web/', pathNot: TEST_FILE },
      to: { path: '^functions/contract/', pathNot: '^functions/contract/(rules|openapi-types)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'production-code-stays-out-of-tests',
      comment: 'Test references, fixtures, benchmarks and scripts are not part of what runs in production.',
      severity: 'error',
      from: { path: '^(functions|infra|web)/', pathNot: [TEST_FILE, '^functions/local/'] },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      comment: 'Cycles through type-only imports are harmless (they vanish when compiled); others are not.',
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|web/dist|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
  },
};
