import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './aim-function';

/**
 * The context (feature flags) from the repository's cdk.json. The CLI passes it to the app
 * itself; tests synthesizing with `new App()` load it here so they check what `cdk synth` builds.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}
