import { defineConfig } from 'vitest/config';

/**
 * Tests by kind (`vitest run --project <name>`; `npm test` runs them all):
 * - unit: the pure core, services, HTTP helpers, questionnaires and the harness arithmetic;
 *   no Java, no database, no browser, no child processes (`npm run test:unit`); also test
 *   helpers' own arithmetic (test/support, such as the visual comparison).
 * - pdf: reports rendered and read back with pdftotext and qpdf.
 * - synth: the CDK app synthesized, and the Lambda bundles built.
 * - integration, api, e2e: a real server and stores on DynamoDB Local (one instance per
 *   project, test/setup/dynamodb-local.ts); integration also builds the Lambda
 *   bundles and drives each in a process of its own (test/lambda-bundles, on the Node.js
 *   of AIM_LAMBDA_NODE when set); e2e also drives Chromium.
 */
const DATABASE = ['test/setup/dynamodb-local.ts'];

export default defineConfig({
  test: {
    // Two files at a time (the default on two cores is one): most files wait on DynamoDB
    // Local, the server or Chromium. The browser tests alone, two at a time: 363 s of wall
    // time for 609 s of test time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure tests share one module graph per worker: imports once, not once per file.
          pool: 'threads',
          isolate: false,
          include: [
            'functions/{core,services,http}/**/*.test.{ts,tsx}',
            'functions/adapters/random/**/*.test.ts',
            'functions/adapters/signing/**/*.test.ts',
            'functions/adapters/csv/**/*.test.ts',
            'functions/adapters/s3/**/*.test.ts',
            'functions/adapters/observability/**/*.test.ts',
            'functions/adapters/dynamodb/benchmark-items.test.ts',
            'questionnaires/**/*.test.ts',
            'test/reference/**/*.test.ts',
            'test/bench/**/*.test.ts',
            'test/support/**/*.test.ts',
            'scripts/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
        },
      },
      { extends: true, test: { name: 'pdf', include: ['functions/adapters/pdf/**/*.test.{ts,tsx}'] } },
      { extends: true, test: { name: 'synth', include: ['infra/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/{integration,faults,security,lambda-bundles}/**/*.test.ts'], globalSetup: DATABASE } },
      { extends: true, test: { name: 'api', include: ['test/api/**/*.test.ts'], globalSetup: DATABASE } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: DATABASE } },
    ],
  },
});
