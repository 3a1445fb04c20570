/**
 * `npm run openapi`: writes the API's OpenAPI 3.1 document, generated from the zod
 * schemas of the routes, to docs/openapi.json (committed).
 * `--check` (`npm run lint:openapi`, part of `npm test`) writes nothing: it exits 1 when
 * the committed file and the code differ, or when Redocly's recommended rules report any
 * error or warning not accepted, with its reason, in redocly.yaml or
 * .redocly.lint-ignore.yaml (Redocly itself fails on errors only).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCatalogue } from '../functions/adapters/catalogue/bundled-catalogue';
import { appDeps, createServices } from '../functions/composition';
import { loadConfig } from '../functions/config';
import { apiDocument, createApiApp } from '../functions/http/app';

export const OPENAPI_FILE = 'docs/openapi.json';

/** The document as the server generates it, formatted as committed. */
export function generatedOpenApi(): string {
  // No request is ever made: the document comes from the route definitions alone.
  const config = loadConfig({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' });
  const app = createApiApp(appDeps(createServices(config, loadCatalogue()), config));
  return `${JSON.stringify(apiDocument(app), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = generatedOpenApi();
  if (process.argv.includes('--check')) {
    const same = readFileSync(OPENAPI_FILE, 'utf8') === text;
    console.log(same ? `${OPENAPI_FILE} is up to date` : `${OPENAPI_FILE} differs from the code: run npm run openapi`);
    const problems = redoclyProblems();
    console.log(problems.length ? problems.join('\n') : `${OPENAPI_FILE}: Redocly's recommended rules find nothing unaccepted`);
    process.exit(same && problems.length === 0 ? 0 : 1);
  }
  writeFileSync(OPENAPI_FILE, text);
  console.log(`written ${OPENAPI_FILE}`);
}

/** What Redocly's lint of the committed document reports, errors and warnings alike. */
function redoclyProblems(): string[] {
  let output: string;
  try {
    output = execFileSync('npx', ['redocly', 'lint', OPENAPI_FILE, '--format=json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // Redocly exits 1 when it finds errors; its report is still on stdout.
    output = String((error as { stdout?: unknown }).stdout ?? '');
  }
  const report = JSON.parse(output) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
  return report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '#'}: ${p.message}`);
}
