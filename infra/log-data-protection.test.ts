/**
 * Every function's log group masks and audits secrets (infra/lib/log-data-protection.ts).
 * Synthesized in process without bundling, with the security checks on (synth throws on
 * a cdk-nag finding).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../functions/core/secrets/patterns';
import { AimStack } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import { AIM_INVITATION_REGEX, AIM_KEY_REGEX } from './lib/log-data-protection';
import { addSecurityChecks } from './lib/security-checks';

type Resource = { Type: string; Properties?: any };
let resources: Record<string, Resource>;
let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'aim-log-protection-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  addSecurityChecks(app);
  new AimStack(app, 'Aim-dev', { stage: 'dev' });
  resources = app.synth().getStackByName('Aim-dev').template.Resources;
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The log group each function writes to, by its Powertools service name. */
function logGroupsOfFunctions(): Record<string, Resource> {
  const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
  return Object.fromEntries(
    functions.map((fn) => {
      const ref = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      return [fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string, resources[ref]!];
    }),
  );
}

describe('log data protection', () => {
  it("gives every function's log group a policy that audits and masks AWS secret keys, private keys and AIM's keys and codes", () => {
    const groups = logGroupsOfFunctions();
    // Every AIM function (others may be added: each gets the policy through AimFunction).
    expect(Object.keys(groups)).toEqual(expect.arrayContaining(['aim-aggregate', 'aim-api', 'aim-report', 'aim-evidence']));
    for (const [service, group] of Object.entries(groups)) {
      const policy = group.Properties.DataProtectionPolicy;
      expect(policy, service).toBeDefined();
      const custom = policy.Configuration.CustomDataIdentifier;
      expect(custom).toEqual([
        { Name: 'AimKey', Regex: AIM_KEY_REGEX },
        { Name: 'AimInvitationCode', Regex: AIM_INVITATION_REGEX },
      ]);
      const [audit, mask] = policy.Statement;
      expect(Object.keys(audit.Operation)).toEqual(['Audit']);
      expect(Object.keys(mask.Operation)).toEqual(['Deidentify']);
      const managed = JSON.stringify(mask.DataIdentifier);
      for (const name of ['AwsSecretKey', 'OpenSshPrivateKey', 'PgpPrivateKey', 'PkcsPrivateKey']) expect(managed, `${service} ${name}`).toContain(name);
      expect(mask.DataIdentifier).toContain('AimKey');
      expect(audit.DataIdentifier).toEqual(mask.DataIdentifier);
    }
  });

  it("matches AIM's keys as the application's own patterns do", () => {
    const key = `aim_${randomBytes(32).toString('base64url')}`;
    const code = `inv_${randomBytes(32).toString('base64url')}`;
    expect(new RegExp(AIM_KEY_REGEX).exec(`Bearer ${key}`)?.[0]).toBe(key);
    expect(new RegExp(AIM_INVITATION_REGEX).exec(`/#/join/${code}`)?.[0]).toBe(code);
    expect(findSecrets(key).map((s) => s.kind)).toEqual(['aim-key']);
    expect(new RegExp(AIM_KEY_REGEX).test('aim_short')).toBe(false);
  });
});
