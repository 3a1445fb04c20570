/**
 * How people sign in (infra/lib/user-pool.ts): the Cognito user pool and its app client by
 * default, a federated provider added by context, or an external provider instead. Synthesized
 * in process without bundling, with the security checks on (synth throws on a finding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AimStack } from './lib/aim-stack';
import { cdkJsonContext } from './lib/cdk-json';
import { addSecurityChecks } from './lib/security-checks';
import type { Stage } from './lib/stage';

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string };
interface Synthesized {
  resources: Record<string, Resource>;
  outputs: Record<string, unknown>;
  acknowledged: { path: string; id: string; reason: string }[];
}

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function synth(context: Record<string, unknown> = {}, stage: Stage = 'dev'): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'aim-sign-in-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
  addSecurityChecks(app);
  new AimStack(app, `Aim-${stage}`, { stage });
  // synth() runs cdk-nag and throws on any finding not acknowledged.
  const artifact = app.synth().getStackByName(`Aim-${stage}`);
  const acknowledged = artifact
    .findMetadataByType('aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.entries(m.data as unknown as Record<string, string>).map(([id, reason]) => ({ path: m.path, id, reason })));
  return { resources: artifact.template.Resources, outputs: artifact.template.Outputs, acknowledged };
}

const ofType = (s: Synthesized, type: string) => Object.entries(s.resources).filter(([, r]) => r.Type === type);
const one = (s: Synthesized, type: string): [string, Resource] => {
  const found = ofType(s, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const functionOf = (s: Synthesized, service: string) =>
  Object.values(s.resources).find((r) => r.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service)!;
const envOf = (s: Synthesized, service: string): Record<string, unknown> => functionOf(s, service).Properties.Environment.Variables;
/** The IAM statements of a function's role that name `resource`. */
function statementsOn(s: Synthesized, service: string, resource: unknown): { Action: string | string[] }[] {
  const role = functionOf(s, service).Properties.Role['Fn::GetAtt'][0];
  return (
    ofType(s, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      // The resource alone, or among others (IAM minimizePolicies merges statements with the same actions).
      .filter((st: any) => [st.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(resource)))
  );
}
const OIDC_ENV = ['AIM_OIDC_ISSUER', 'AIM_OIDC_CLIENT_ID', 'AIM_OIDC_CLIENT_SECRET_ARN'];
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:aim-oidc-AbC123';

describe('Cognito (default)', () => {
  let dev: Synthesized;
  beforeAll(() => {
    dev = synth();
  }, 120_000);

  it('creates a user pool: email sign-in, verified, self sign-up, strong passwords, TOTP MFA required', () => {
    const [, pool] = one(dev, 'AWS::Cognito::UserPool');
    expect(pool.Properties).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'ESSENTIALS',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
  });

  it('has one confidential app client: code grant only, openid/email/profile, callback on the origin of /auth/*', () => {
    const [poolId] = one(dev, 'AWS::Cognito::UserPool');
    const [, client] = one(dev, 'AWS::Cognito::UserPoolClient');
    const [distributionId, distribution] = one(dev, 'AWS::CloudFront::Distribution');
    const origin = ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }];
    expect(client.Properties).toMatchObject({
      UserPoolId: { Ref: poolId },
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [{ 'Fn::Join': ['', [...origin, '/auth/callback']] }],
      LogoutURLs: [{ 'Fn::Join': ['', [...origin, '/']] }],
      PreventUserExistenceErrors: 'ENABLED',
      SupportedIdentityProviders: ['COGNITO'],
    });
    for (const token of ['IdTokenValidity', 'AccessTokenValidity']) {
      expect(client.Properties.TokenValidityUnits[token.replace('Validity', '')]).toBe('minutes');
      expect(client.Properties[token]).toBeGreaterThanOrEqual(10);
      expect(client.Properties[token]).toBeLessThanOrEqual(60);
    }
    // The web app's origin, where CloudFront sends /auth/* to the api (so the session cookie is set where the app's calls go).
    const behaviours = distribution.Properties.DistributionConfig.CacheBehaviors.map((b: { PathPattern: string; TargetOriginId: string }) => [
      b.PathPattern,
      b.TargetOriginId,
    ]);
    const apiOrigin = behaviours.find(([path]: string[]) => path === '/v1/*')[1];
    expect(behaviours).toContainEqual(['/auth/*', apiOrigin]);
    expect(JSON.stringify(envOf(dev, 'aim-api').AIM_WEB_ORIGIN)).toContain(JSON.stringify({ 'Fn::GetAtt': [distributionId, 'DomainName'] }));
  });

  it('signs in on a managed-login Cognito domain unique to the stack', () => {
    const [poolId] = one(dev, 'AWS::Cognito::UserPool');
    const [clientId] = one(dev, 'AWS::Cognito::UserPoolClient');
    const [, domain] = one(dev, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::StackId');
    const [, branding] = one(dev, 'AWS::Cognito::ManagedLoginBranding');
    expect(branding.Properties).toMatchObject({ UserPoolId: { Ref: poolId }, ClientId: { Ref: clientId }, UseCognitoProvidedValues: true });
  });

  it('puts the client secret in Secrets Manager, readable by the api function (and its rotation function) alone', () => {
    const [clientId] = one(dev, 'AWS::Cognito::UserPoolClient');
    const [secretId, secret] = ofType(dev, 'AWS::SecretsManager::Secret').find(([, r]) => /app client/.test(r.Properties.Description))!;
    expect(secret.Properties.SecretString).toEqual({ 'Fn::GetAtt': [clientId, 'ClientSecret'] });
    const actions = statementsOn(dev, 'aim-api', { Ref: secretId }).flatMap((st) => [st.Action].flat());
    expect(actions.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
    for (const service of ['aim-aggregate', 'aim-report', 'aim-evidence']) expect(statementsOn(dev, service, { Ref: secretId })).toEqual([]);
    // Nothing else may read it either: no other policy names the secret.
    const naming = ofType(dev, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`));
    expect(naming).toHaveLength(2);
  });

  it('rotates the client secret every 30 days with a function that may change only this pool and this secret', () => {
    const [poolId] = one(dev, 'AWS::Cognito::UserPool');
    const [clientId] = one(dev, 'AWS::Cognito::UserPoolClient');
    const [secretId] = ofType(dev, 'AWS::SecretsManager::Secret').find(([, r]) => /app client/.test(r.Properties.Description))!;
    const [, schedule] = one(dev, 'AWS::SecretsManager::RotationSchedule');
    expect(schedule.Properties).toMatchObject({ SecretId: { Ref: secretId }, RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    const rotation = functionOf(dev, 'aim-oidc-client-secret-rotation');
    expect(JSON.stringify(schedule.Properties.RotationLambdaARN)).toContain(Object.entries(dev.resources).find(([, r]) => r === rotation)![0]);
    expect(rotation.Properties.Environment.Variables).toMatchObject({ AIM_COGNITO_USER_POOL_ID: { Ref: poolId }, AIM_COGNITO_CLIENT_ID: { Ref: clientId } });

    const poolArn = { 'Fn::GetAtt': [poolId, 'Arn'] };
    const onPool = statementsOn(dev, 'aim-oidc-client-secret-rotation', poolArn);
    expect(onPool.flatMap((st) => [st.Action].flat()).sort()).toEqual([
      'cognito-idp:AddUserPoolClientSecret',
      'cognito-idp:DeleteUserPoolClientSecret',
      'cognito-idp:ListUserPoolClientSecrets',
    ]);
    const onSecret = statementsOn(dev, 'aim-oidc-client-secret-rotation', { Ref: secretId }).flatMap((st) => [st.Action].flat());
    expect(onSecret.sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
    // No Cognito action anywhere else, and none on any other resource.
    const cognitoStatements = ofType(dev, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => [st.Action].flat().some((a: string) => a.startsWith('cognito-idp:')));
    expect(cognitoStatements.map((st: any) => st.Resource)).toEqual([poolArn]);
    // Only the rotation function is ever told the pool and client ids.
    for (const service of ['aim-api', 'aim-aggregate', 'aim-report', 'aim-evidence']) expect(envOf(dev, service).AIM_COGNITO_USER_POOL_ID).toBeUndefined();
  });

  it('tells the api (only) the issuer, the client id and the secret', () => {
    const [poolId] = one(dev, 'AWS::Cognito::UserPool');
    const [clientId] = one(dev, 'AWS::Cognito::UserPoolClient');
    const [secretId] = ofType(dev, 'AWS::SecretsManager::Secret').find(([, r]) => /app client/.test(r.Properties.Description))!;
    expect(envOf(dev, 'aim-api')).toMatchObject({
      AIM_OIDC_ISSUER: { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId }]] },
      AIM_OIDC_CLIENT_ID: { Ref: clientId },
      AIM_OIDC_CLIENT_SECRET_ARN: { Ref: secretId },
    });
    for (const service of ['aim-aggregate', 'aim-report', 'aim-evidence'])
      for (const name of OIDC_ENV) expect(envOf(dev, service)[name], `${service} ${name}`).toBeUndefined();
    expect(Object.keys(dev.outputs)).toEqual(expect.arrayContaining(['OidcIssuer', 'UserPoolId', 'CognitoDomain']));
  });

  it('acknowledges only the feature plan finding, with its reason: the client secret is rotated (no SMG4)', () => {
    const mine = dev.acknowledged.filter((a) => a.path.startsWith('/Aim-dev/SignIn'));
    expect(mine.map((a) => `${a.path} ${a.id}`).sort()).toEqual([
      '/Aim-dev/SignIn/Cognito/ClientSecretRotation/Role Annotation::AwsSolutions-IAM5[Resource::*]',
      '/Aim-dev/SignIn/Cognito/UserPool Annotation::AwsSolutions-COG8',
    ]);
    // The rotation function's only wildcard is X-Ray's.
    const rotationRole = functionOf(dev, 'aim-oidc-client-secret-rotation').Properties.Role['Fn::GetAtt'][0];
    const wildcard = ofType(dev, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: rotationRole }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => [st.Resource].flat().includes('*'));
    expect(wildcard.flatMap((st: any) => [st.Action].flat()).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    for (const { reason } of mine) expect(reason.length).toBeGreaterThan(60);
  });
});

it('keeps the user pool, with deletion protection, and its secret in prod, like the table; dev cleans up', () => {
  const prod = synth({}, 'prod');
  const [, pool] = one(prod, 'AWS::Cognito::UserPool');
  expect(pool.DeletionPolicy).toBe('Retain');
  expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
  for (const [, secret] of ofType(prod, 'AWS::SecretsManager::Secret')) expect(secret.DeletionPolicy).toBe('Retain');
  const [, devPool] = one(synth(), 'AWS::Cognito::UserPool');
  expect(devPool.DeletionPolicy).toBe('Delete');
  expect(devPool.Properties.DeletionProtection).toBe('INACTIVE');
}, 120_000);

it('turns on threat protection on the Plus plan, and then needs no COG8 acknowledgement; self sign-up can be off', () => {
  const plus = synth({ 'aim:cognito': { featurePlan: 'plus', selfSignUp: false } });
  const [, pool] = one(plus, 'AWS::Cognito::UserPool');
  expect(pool.Properties).toMatchObject({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  expect(pool.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
  expect(plus.acknowledged.filter((a) => a.id.includes('COG8'))).toEqual([]);
}, 60_000);

it('federates a SAML provider named in context and offers it to the app client', () => {
  const saml = synth({ 'aim:federation': { type: 'saml', name: 'Corp', metadataUrl: 'https://idp.example.com/metadata.xml' } });
  const [idpId, idp] = one(saml, 'AWS::Cognito::UserPoolIdentityProvider');
  expect(idp.Properties).toMatchObject({
    ProviderName: 'Corp',
    ProviderType: 'SAML',
    ProviderDetails: { MetadataURL: 'https://idp.example.com/metadata.xml' },
    AttributeMapping: {
      email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    },
  });
  const [, client] = one(saml, 'AWS::Cognito::UserPoolClient');
  // The provider's name, by reference: the client is created after the provider.
  expect(client.Properties.SupportedIdentityProviders).toEqual(['COGNITO', { Ref: idpId }]);
}, 60_000);

it('federates an OIDC provider, its client secret resolved from Secrets Manager at deployment (as a JSON string from --context)', () => {
  const federation = { type: 'oidc', name: 'Corp', issuer: 'https://idp.example.com', clientId: 'aim', clientSecretArn: SECRET_ARN };
  const oidc = synth({ 'aim:federation': JSON.stringify(federation) });
  const [idpId, idp] = one(oidc, 'AWS::Cognito::UserPoolIdentityProvider');
  expect(idp.Properties).toMatchObject({
    ProviderName: 'Corp',
    ProviderType: 'OIDC',
    ProviderDetails: {
      oidc_issuer: 'https://idp.example.com',
      client_id: 'aim',
      client_secret: `{{resolve:secretsmanager:${SECRET_ARN}:SecretString:::}}`,
      authorize_scopes: 'openid email profile',
    },
    AttributeMapping: { email: 'email', name: 'name' },
  });
  expect(one(oidc, 'AWS::Cognito::UserPoolClient')[1].Properties.SupportedIdentityProviders).toEqual(['COGNITO', { Ref: idpId }]);
  // Only the reference reaches the template, never the provider's secret.
  expect(JSON.stringify(oidc.resources)).not.toMatch(/client_secret":"[^{]/);
}, 60_000);

it('uses an external OpenID Provider instead of Cognito: no user pool, its values wired into the api alone', () => {
  const issuer = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0';
  const external = synth({ 'aim:oidc': { issuer, clientId: 'aim-client', clientSecretArn: SECRET_ARN } });
  expect(Object.values(external.resources).filter((r) => r.Type.startsWith('AWS::Cognito::'))).toEqual([]);
  // The operator rotates an external provider's secret; AIM re-reads it when refused (docs/deploy.md).
  expect(ofType(external, 'AWS::SecretsManager::RotationSchedule')).toEqual([]);
  expect(external.outputs.UserPoolId).toBeUndefined();
  expect(external.outputs.OidcIssuer).toMatchObject({ Value: issuer });
  expect(envOf(external, 'aim-api')).toMatchObject({ AIM_OIDC_ISSUER: issuer, AIM_OIDC_CLIENT_ID: 'aim-client', AIM_OIDC_CLIENT_SECRET_ARN: SECRET_ARN });
  const actions = statementsOn(external, 'aim-api', SECRET_ARN).flatMap((st) => [st.Action].flat());
  expect(actions.sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  for (const service of ['aim-aggregate', 'aim-report', 'aim-evidence']) {
    expect(statementsOn(external, service, SECRET_ARN)).toEqual([]);
    for (const name of OIDC_ENV) expect(envOf(external, service)[name]).toBeUndefined();
  }
}, 60_000);

it('rejects invalid or conflicting sign-in context with a message naming the key and field', () => {
  expect(() => synth({ 'aim:oidc': { issuer: 'http://idp.example.com', clientId: 'x', clientSecretArn: SECRET_ARN } })).toThrow(
    /aim:oidc[\s\S]*https[\s\S]*issuer/,
  );
  expect(() => synth({ 'aim:oidc': { issuer: 'https://idp.example.com', clientId: 'x', clientSecretArn: SECRET_ARN.slice(0, -7) } })).toThrow(
    /clientSecretArn/,
  );
  expect(() => synth({ 'aim:federation': { type: 'ldap', name: 'Corp' } })).toThrow(/aim:federation/);
  expect(() => synth({ 'aim:federation': '{not json' })).toThrow(/aim:federation is not JSON/);
  expect(() =>
    synth({
      'aim:oidc': { issuer: 'https://idp.example.com', clientId: 'x', clientSecretArn: SECRET_ARN },
      'aim:federation': { type: 'saml', name: 'Corp', metadataUrl: 'https://idp.example.com/m.xml' },
    }),
  ).toThrow(/aim:oidc replaces the Cognito user pool/);
  expect(() => synth({ 'aim:oidcClientSecretRotationDays': 0 })).toThrow(/aim:oidcClientSecretRotationDays/);
});

it('rotates the Cognito client secret as often as context aim:oidcClientSecretRotationDays says', () => {
  const weekly = synth({ 'aim:oidcClientSecretRotationDays': '7' });
  const [, schedule] = one(weekly, 'AWS::SecretsManager::RotationSchedule');
  expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(7 days)' });
}, 60_000);
