/**
 * Agents' credentials in AWS (infra/lib/agent-credentials.ts): the api function runs with
 * AIM_AGENT_CREDENTIALS=federated-only unless context `aim:agentCredentials` says `any`.
 * Synthesized in process without bundling, with the security checks on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_CREDENTIALS_CONTEXT } from './lib/agent-credentials';
import { AimStack } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import { addSecurityChecks } from './lib/security-checks';

type Resources = Record<string, { Type: string; Properties?: any }>;

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function synth(context: Record<string, unknown> = {}): Resources {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-agent-credentials-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  addSecurityChecks(app);
  new AimStack(app, 'Aim-dev', { stage: 'dev' });
  return app.synth().getStackByName('Aim-dev').template.Resources;
}

const environmentOf = (resources: Resources, service: string) =>
  Object.values(resources).find((r) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!.Properties.Environment.Variables;

describe('agents’ credentials in the stack', () => {
  it('runs the api federated-only by default: no agent holds a stored secret', () => {
    expect(environmentOf(synth(), 'aim-api').AIM_AGENT_CREDENTIALS).toBe('federated-only');
  });

  it('opts out with aim:agentCredentials=any, and refuses other values', () => {
    expect(environmentOf(synth({ [AGENT_CREDENTIALS_CONTEXT]: 'any' }), 'aim-api').AIM_AGENT_CREDENTIALS).toBe('any');
    expect(() => synth({ [AGENT_CREDENTIALS_CONTEXT]: 'keys' })).toThrow(AGENT_CREDENTIALS_CONTEXT);
  });
});
